import { z } from "zod";

/** Human spot-check: a stratified, seeded sample of accepted records. */
export const reviewSchema = z.strictObject({
  share: z.number().gt(0).max(1).default(0.05).describe("Share of accepted records to sample."),
  minimum: z.number().int().min(1).default(30).describe("Sample at least this many records."),
  seed: z.number().int().min(0).default(7).describe("Seed of the sample, for reproducibility."),
});

export type ReviewSettings = z.infer<typeof reviewSchema>;
