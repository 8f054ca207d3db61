import { z } from "zod";

/** Fine-tuning in the Python worker. Defaults follow DESIGN.md's trainer. */
export const trainStageSchema = z.strictObject({
  name: z.string().min(1),
  data: z
    .string()
    .min(1)
    .describe("Dataset (JSONL) of this stage, relative to the recipe; `generated` means this run's."),
  epochs: z.number().positive().optional(),
});

export const trainSchema = z.strictObject({
  baseModel: z
    .string()
    .min(1)
    .default("smollm2-135m-instruct")
    .describe("Registry name, GGUF path, Hugging Face model directory or hub id."),
  method: z.enum(["lora", "prefix", "full"]).default("lora"),
  task: z
    .enum(["classification", "sft"])
    .default("classification")
    .describe("Label generation, or chat-style SFT."),
  lora: z
    .strictObject({
      rank: z.number().int().min(1).default(8),
      alpha: z.number().positive().default(16),
      dropout: z.number().min(0).max(1).default(0.1),
      targetModules: z.array(z.string()).optional().describe("Default: chosen per architecture."),
    })
    .prefault({}),
  prefix: z.strictObject({ virtualTokens: z.number().int().min(1).default(20) }).prefault({}),
  learningRate: z.number().positive().default(3e-5),
  minLearningRate: z.number().min(0).default(1e-6),
  warmupRatio: z.number().min(0).max(1).default(0.05),
  epochs: z.number().positive().default(3),
  maxSteps: z.number().int().positive().optional(),
  batchSize: z.number().int().min(1).default(4),
  gradientAccumulation: z.number().int().min(1).default(8),
  weightDecay: z.number().min(0).default(0.01),
  dropout: z.number().min(0).max(1).default(0.1),
  earlyStoppingPatience: z.number().int().min(0).default(3),
  ema: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(0.999)
    .describe("EMA decay of trained weights; null turns EMA off."),
  gradientCheckpointing: z.boolean().default(true),
  mixedPrecision: z.enum(["auto", "no", "bf16", "fp16"]).default("auto"),
  maxLength: z.number().int().min(16).default(256),
  controlTokens: z.boolean().default(false).describe("Add the control dimensions as special tokens."),
  stages: z
    .array(trainStageSchema)
    .optional()
    .describe("Staged training, e.g. general data then domain data."),
  seed: z.number().int().min(0).default(42),
  exportMerged: z
    .boolean()
    .default(false)
    .describe("Also write the base model with the LoRA adapter merged in (<output>/merged)."),
  output: z
    .string()
    .optional()
    .describe(
      "Training output folder, relative to the recipe: adapter/, adapter.gguf, checkpoints/, resolved_config.json (default: <export dir>/train).",
    ),
});

export type TrainSettings = z.infer<typeof trainSchema>;

export const evaluateSchema = z.strictObject({
  reference: z
    .strictObject({
      file: z.string().min(1).describe("JSONL, CSV or TSV file, relative to the recipe."),
      textColumn: z
        .string()
        .optional()
        .describe(
          "Column or field with the text [text; column 1 of a headerless TSV such as yelp_labelled.txt].",
        ),
      labelColumn: z
        .string()
        .optional()
        .describe("Column or field with the label [label; column 2 of a headerless TSV]."),
      labelMap: z
        .record(z.string(), z.string())
        .optional()
        .describe("Map from the file's labels to the recipe's."),
    })
    .optional()
    .describe("Real held-out data for the base-vs-tuned comparison."),
  limit: z.number().int().min(1).optional().describe("Evaluate on at most this many examples."),
});

export type EvaluateSettings = z.infer<typeof evaluateSchema>;
