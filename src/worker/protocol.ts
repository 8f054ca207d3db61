import { z } from "zod";
import { trainTasks } from "../core/recipe/trainSchema.js";
import { imageRequestSchemas } from "./imageProtocol.js";
import { scoringRequestSchemas } from "./scoringProtocol.js";

/**
 * The worker protocol: JSON lines over the worker's stdin (requests) and stdout (messages);
 * its logs go to stderr. Defined once here, written to
 * `worker/src/synthforge_worker/protocol.schema.json` (see `protocolJsonSchemaText`) and
 * validated by the Python side with `jsonschema`.
 */
export const PROTOCOL_VERSION = 1;

/** One stage of training: a dataset and how many epochs to spend on it. */
export const trainStageJobSchema = z.strictObject({
  name: z.string().min(1),
  data: z.string().min(1).describe("JSONL file of the stage's training examples."),
  epochs: z
    .number()
    .positive()
    .nullable()
    .default(null)
    .describe("Epochs of this stage (default: the job's)."),
});

/** A fully resolved fine-tuning job, as the trainer's config dataclass receives it. */
export const trainJobSchema = z.strictObject({
  baseModel: z.string().min(1).describe("Hugging Face model folder, hub id, or GGUF file."),
  method: z.enum(["lora", "prefix", "full"]).default("lora"),
  task: z.enum(trainTasks).default("classification"),
  loraRank: z.number().int().min(1).default(8),
  loraAlpha: z.number().positive().default(16),
  loraDropout: z.number().min(0).max(1).default(0.1),
  loraTargetModules: z.array(z.string()).nullable().default(null).describe("Default: per architecture."),
  prefixVirtualTokens: z.number().int().min(1).default(20),
  learningRate: z.number().positive().default(3e-5),
  minLearningRate: z.number().min(0).default(1e-6),
  warmupRatio: z.number().min(0).max(1).default(0.05),
  epochs: z.number().positive().default(3),
  maxSteps: z.number().int().positive().nullable().default(null),
  batchSize: z.number().int().min(1).default(4),
  gradientAccumulation: z.number().int().min(1).default(8),
  weightDecay: z.number().min(0).default(0.01),
  dropout: z.number().min(0).max(1).default(0.1),
  earlyStoppingPatience: z.number().int().min(0).default(3),
  ema: z.number().min(0).max(1).nullable().default(0.999),
  gradientCheckpointing: z.boolean().default(true),
  mixedPrecision: z.enum(["auto", "no", "bf16", "fp16"]).default("auto"),
  maxLength: z.number().int().min(16).default(256),
  controlFields: z.array(z.string()).default([]).describe("Record fields turned into control tokens."),
  stages: z.array(trainStageJobSchema).min(1),
  validation: z.string().nullable().default(null).describe("Validation JSONL; null splits the data."),
  validationShare: z.number().min(0).max(0.5).default(0.1),
  testShare: z.number().min(0).max(0.5).default(0.1),
  validationLimit: z.number().int().min(1).default(200),
  evalEvery: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Optimizer steps between validations; 0: ~10 a run."),
  checkpointEvery: z.number().int().min(0).default(50),
  textField: z.string().default("text"),
  labelField: z.string().default("label"),
  labels: z.array(z.string()).nullable().default(null),
  instruction: z.string().nullable().default(null),
  seed: z.number().int().min(0).default(42),
  output: z.string().min(1),
  resume: z.boolean().default(true),
  exportMerged: z.boolean().default(false),
  exportGguf: z.boolean().default(true),
  modelCacheDir: z.string().nullable().default(null).describe("Where dequantized GGUF bases are cached."),
});
export type TrainJob = z.infer<typeof trainJobSchema>;
export type TrainJobInput = z.input<typeof trainJobSchema>;

/** One labelled example to score. */
export const evaluationExampleSchema = z.strictObject({
  text: z.string(),
  label: z.string(),
  controls: z.record(z.string(), z.string()).default({}),
});

export const evaluateJobSchema = z.strictObject({
  task: z.enum(trainTasks).default("classification"),
  models: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        baseModel: z.string().min(1),
        adapter: z.string().nullable().default(null),
      }),
    )
    .min(1),
  datasets: z
    .array(z.strictObject({ name: z.string().min(1), examples: z.array(evaluationExampleSchema) }))
    .min(1),
  labels: z.array(z.string()).nullable().default(null),
  instruction: z.string().nullable().default(null),
  maxLength: z.number().int().min(16).default(256),
  maxNewTokens: z.number().int().min(1).default(64),
  translationTarget: z
    .string()
    .nullable()
    .default(null)
    .describe("Target language of a translation evaluation: sacrebleu's chrF and BLEU as well."),
  batchSize: z.number().int().min(1).default(8),
  modelCacheDir: z.string().nullable().default(null),
});
export type EvaluateJob = z.infer<typeof evaluateJobSchema>;
export type EvaluateJobInput = z.input<typeof evaluateJobSchema>;

export const exportJobSchema = z.strictObject({
  baseModel: z.string().min(1),
  adapter: z.string().min(1),
  merged: z.boolean().default(false),
  gguf: z.boolean().default(true),
  modelCacheDir: z.string().nullable().default(null),
});
export type ExportJob = z.infer<typeof exportJobSchema>;
export type ExportJobInput = z.input<typeof exportJobSchema>;

/** What the TypeScript side writes to the worker's stdin. */
const jobRequestSchema = z.discriminatedUnion("method", [
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("train"),
    params: trainJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("evaluate"),
    params: evaluateJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("export"),
    params: exportJobSchema,
  }),
  ...scoringRequestSchemas,
  ...imageRequestSchemas,
]);

export const workerRequestSchema = z.discriminatedUnion("type", [
  jobRequestSchema,
  z.strictObject({ type: z.literal("cancel"), id: z.string() }),
  z.strictObject({ type: z.literal("shutdown") }),
]);
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

export const workerErrorKinds = [
  "bad-request",
  "invalid-data",
  "model-load",
  "out-of-memory",
  "unsupported",
  "cancelled",
  "internal",
] as const;

/** Training progress: one per optimizer step (and one per validation). */
export const progressMessageSchema = z.strictObject({
  type: z.literal("progress"),
  id: z.string(),
  job: z.string(),
  stage: z.string().nullable(),
  step: z.number().int().min(0),
  totalSteps: z.number().int().min(0),
  epoch: z.number().min(0),
  loss: z.number().nullable(),
  validationLoss: z.number().nullable(),
  learningRate: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
});
export type ProgressMessage = z.infer<typeof progressMessageSchema>;

/** What the worker writes to its stdout, one JSON object a line. */
export const workerMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("ready"),
    protocolVersion: z.number().int(),
    workerVersion: z.string(),
    python: z.string(),
    torch: z.string(),
    device: z.string(),
  }),
  progressMessageSchema,
  z.strictObject({
    type: z.literal("log"),
    id: z.string().nullable(),
    level: z.enum(["debug", "info", "warn"]),
    message: z.string(),
  }),
  z.strictObject({ type: z.literal("result"), id: z.string(), value: z.record(z.string(), z.unknown()) }),
  z.strictObject({
    type: z.literal("error"),
    id: z.string().nullable(),
    kind: z.enum(workerErrorKinds),
    message: z.string(),
    traceback: z.string().nullable(),
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
