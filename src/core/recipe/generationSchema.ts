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
  // No default: a default would enter every parsed recipe and change its hash (and run id).
  minP: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "Min-p sampling: drop tokens less likely than this share of the most likely one (e.g. 0.1 with temperature 1.0, topP 1, topK 0). Embedded model, and OpenAI-compatible servers that take `min_p` (llama.cpp, vLLM); unset sends nothing.",
    ),
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
  // No default: a default would enter every parsed recipe and change its hash (and run id).
  variety: z
    .strictObject({
      personas: z
        .union([z.boolean(), z.array(z.string().min(1)).min(1)])
        .optional()
        .describe(
          "Who writes each record, drawn per record: true for the built-in list of the recipe's language (a nurse off a night shift, a retired teacher, ...), or a list of your own.",
        ),
      registers: z
        .union([z.boolean(), z.array(z.string().min(1)).min(1)])
        .optional()
        .describe(
          "How each record is said, drawn per record: true for the built-in list (casual, terse, matter-of-fact, enthusiastic, ...), or a list of your own.",
        ),
      lengths: z
        .array(z.number().int().min(1))
        .min(1)
        .optional()
        .describe(
          "Target lengths (words; Chinese: characters), one drawn per record: e.g. the quantiles of a real corpus's lengths. `lengthsFrom` reads them from the texts of a file instead.",
        ),
      lengthsFrom: z
        .string()
        .min(1)
        .optional()
        .describe(
          "A file of real texts (CSV, TSV or JSONL, as `quality.reference` reads it), relative to the recipe: each record's target length (words; Chinese: characters) is drawn from its texts' lengths.",
        ),
      subjects: z
        .union([z.array(z.string().min(1)).min(1), z.record(z.string(), z.array(z.string().min(1)).min(1))])
        .optional()
        .describe(
          "What each record is about in particular, drawn per record: a list, or a map from a value of one of the dimensions (e.g. each `domain`) to the list for slots of that value; a slot whose cell has no listed value gets none.",
        ),
    })
    .optional()
    .describe(
      'Steering toward the variety of real data: each prompt gets a line naming a writer, a register, a length and a subject drawn for that record, and asks for one concrete detail in the writer\'s own words (docs/metrics.md, "Variety against the reference").',
    ),
});

export type GenerationSettings = z.infer<typeof generationSchema>;
