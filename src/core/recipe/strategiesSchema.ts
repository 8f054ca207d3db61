import { z } from "zod";

/** Generation strategies beyond one prompt per slot (issue: generation engine). */
export const strategiesSchema = z.strictObject({
  negatives: z
    .strictObject({
      share: z.number().min(0).max(1).default(0.1),
      kinds: z
        .array(z.enum(["label-flip", "near-miss", "contradiction"]))
        .default(["label-flip", "near-miss"]),
    })
    .optional()
    .describe("Share of deliberately negative samples, marked in provenance."),
  majorityVote: z
    .strictObject({
      samples: z.number().int().min(2).max(15).default(3),
      minimumAgreement: z.number().int().min(1).default(2),
    })
    .optional()
    .describe("Draw k samples per slot; accept when enough agree on the label."),
  rounds: z
    .strictObject({
      maximum: z.number().int().min(1).default(3),
      maxTokens: z.number().int().positive().optional().describe("Token budget over all rounds."),
      maxSeconds: z.number().positive().optional().describe("Time budget over all rounds."),
    })
    .prefault({})
    .describe("Iterative rounds: regenerate rejected slots until targets are met or a budget is spent."),
});

export type StrategySettings = z.infer<typeof strategiesSchema>;
