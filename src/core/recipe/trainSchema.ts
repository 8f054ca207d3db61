import { z } from "zod";
import { entityCorpusFormats } from "../entities/parseEntityCorpus.js";

/**
 * What a student learns: label classification, chat-style SFT (an answer written out), or
 * token classification (a tagging head over an encoder: one IOB2 tag a token, for entity recipes).
 */
export const trainTasks = ["classification", "sft", "token-classification"] as const;
export type TrainTask = (typeof trainTasks)[number];

/** Fine-tuning in the Python worker (docs/training.md). */
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
    .optional()
    .describe(
      "Registry name, GGUF path, Hugging Face model directory or hub id. Default: the student for the recipe's languages: smollm2-135m-instruct when every language involved is English (both sides of a translation count), else qwen2.5-coder-0.5b-instruct; for token-classification the English encoder all-minilm-l6-v2 (any encoder with a fast tokenizer works, named by folder or hub id).",
    ),
  method: z
    .enum(["lora", "prefix", "full"])
    .optional()
    .describe("Default: lora; full for token-classification (the whole 22M-parameter encoder trains)."),
  task: z
    .enum(trainTasks)
    .optional()
    .describe(
      "Label generation, chat-style SFT, or token-classification (a tagging head over an encoder, for entity recipes; its base model is an encoder such as all-minilm-l6-v2). Default: token-classification for an English recipe whose output holds an entity list (on all-minilm-l6-v2: entity F1 0.67 against 0.07 for SmolLM2-135M writing the list as JSON, 100 real CoNLL-2003 sentences), sft for any other entity recipe (text in, entities as JSON out; no Chinese encoder installs offline) and for a translation recipe, else classification.",
    ),
  lora: z
    .strictObject({
      rank: z.number().int().min(1).default(8),
      alpha: z.number().positive().default(16),
      dropout: z.number().min(0).max(1).default(0.1),
      targetModules: z.array(z.string()).optional().describe("Default: chosen per architecture."),
    })
    .prefault({}),
  prefix: z.strictObject({ virtualTokens: z.number().int().min(1).default(20) }).prefault({}),
  learningRate: z
    .number()
    .positive()
    .optional()
    .describe(
      "Peak of the cosine schedule; default per method: full 3e-5 (the seed's), LoRA 5e-4, prefix 1e-2, a tagging head trained in full 1e-4 (trainMethodDefaults).",
    ),
  minLearningRate: z.number().min(0).default(1e-6),
  warmupRatio: z.number().min(0).max(1).default(0.05),
  epochs: z
    .number()
    .positive()
    .optional()
    .describe("Epochs over the data. Default: 3; 20 for token-classification (its head starts untrained)."),
  maxSteps: z.number().int().positive().optional(),
  batchSize: z.number().int().min(1).default(4),
  gradientAccumulation: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "Micro-batches per optimizer step; default per method: full 8 (the seed's), LoRA and prefix 2, a tagging head 1.",
    ),
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
      file: z
        .string()
        .min(1)
        .describe(
          "JSONL, JSON (one array of objects), CSV or TSV file, relative to the recipe; a real NER file in the layout `format` names; the source side of a parallel corpus whose translations are in `targetFile`.",
        ),
      format: z
        .enum(["table", "instruction", ...entityCorpusFormats])
        .default("table")
        .describe(
          "How `file` is laid out: table (JSONL, CSV or TSV rows with a text and a label column); instruction (rows with `instruction`, an optional `input` and `output`, Alpaca's layout: the instruction and input are the prompt, the output the answer, scored by exact match and ROUGE-L); for an extraction recipe a real NER file: conll (one token a line, BIO tag last, blank line between sentences; CoNLL-2003), cluener (JSON lines `{text, label: {type: {mention: [[start, end]]}}}`; CLUENER2020) or mentions (JSON lines `{text, mention_data: [{mention, type, offset}]}`; cMedQANER), scored by entity precision, recall and F1.",
        ),
      targetFile: z
        .string()
        .min(1)
        .optional()
        .describe(
          "Translation recipes: plain-text file, relative to the recipe, whose line i translates line i of `file` (WMT newstest files come this way); scored by chrF and BLEU.",
        ),
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
        .describe("Map from the file's labels (an NER file's entity types) to the recipe's."),
    })
    .refine((reference) => reference.targetFile === undefined || reference.format === "table", {
      message: "targetFile (a parallel corpus) goes with format: table, not with an NER file",
      path: ["targetFile"],
    })
    .optional()
    .describe("Real held-out data for the base-vs-tuned comparison."),
  limit: z.number().int().min(1).optional().describe("Evaluate on at most this many examples."),
});

export type EvaluateSettings = z.infer<typeof evaluateSchema>;

/**
 * Defaults that depend on the method. Full fine-tuning keeps the seed's 3e-5 (floor 1e-6) with
 * accumulation 8. On a few hundred records that leaves a LoRA adapter where it started (measured:
 * 9 steps at 3e-5 did not move SmolLM2-135M off 50% on Yelp), so LoRA uses 5e-4 with accumulation
 * 2 (measured: 30 steps on 100 records took it from 50.5% to 91.0% on 200 Yelp reviews), the
 * range LoRA papers and PEFT's examples use (1e-4 to 1e-3); prefix tuning uses PEFT's example
 * rate of 1e-2, since only the virtual tokens train.
 */
export const trainMethodDefaults = {
  full: { learningRate: 3e-5, gradientAccumulation: 8 },
  lora: { learningRate: 5e-4, gradientAccumulation: 2 },
  prefix: { learningRate: 1e-2, gradientAccumulation: 2 },
} as const;

/**
 * A tagging head trained in full (token-classification's default): BERT fine-tuning's usual 1e-4
 * with no accumulation, for 20 epochs, since its head starts from random weights. Measured on
 * all-MiniLM-L6-v2 and 100 real CoNLL-2003 sentences: entity F1 0.67 (bench/ner/tokenHead.ts).
 */
export const tokenClassificationDefaults = {
  learningRate: 1e-4,
  gradientAccumulation: 1,
  epochs: 20,
} as const;

/** A job's method, learning rate, accumulation and epochs: the recipe's, else the defaults of its task and method. */
export function resolvedTrainSettings(settings: TrainSettings): {
  method: "lora" | "prefix" | "full";
  learningRate: number;
  gradientAccumulation: number;
  epochs: number;
} {
  const tagging = settings.task === "token-classification";
  const method = settings.method ?? (tagging ? "full" : "lora");
  const defaults = tagging && method === "full" ? tokenClassificationDefaults : trainMethodDefaults[method];
  return {
    method,
    learningRate: settings.learningRate ?? defaults.learningRate,
    gradientAccumulation: settings.gradientAccumulation ?? defaults.gradientAccumulation,
    epochs: settings.epochs ?? (tagging ? tokenClassificationDefaults.epochs : 3),
  };
}
