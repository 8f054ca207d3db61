import { z } from "zod";

/** Sampling parameters and retry budget of the generation stage. */
export const generationSchema = z.strictObject({
  temperature: z.number().min(0).max(2).default(0.7).describe("Sampling temperature."),
  topP: z
    .number()
    .gt(0)
    .max(1)
    .default(0.92)
    .describe("Nucleus sampling: keep the smallest token set with this mass."),
  topK: z.number().int().min(0).default(40).describe("Keep only the k most likely tokens (0 disables)."),
  maxTokens: z.number().int().min(1).max(32768).default(256).describe("Maximum output tokens per record."),
  repeatPenalty: z
    .number()
    .min(1)
    .max(2)
    .default(1.1)
    .describe(
      "Penalty on tokens the answer already contains, embedded model only (1 turns it off): small models otherwise loop on one sentence.",
    ),
  seed: z
    .number()
    .int()
    .min(0)
    .default(42)
    .describe("Base seed; each plan slot and attempt derives its own from it."),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(4)
    .describe("Attempts per plan slot before the slot is left unfilled."),
});

export type GenerationSettings = z.infer<typeof generationSchema>;
