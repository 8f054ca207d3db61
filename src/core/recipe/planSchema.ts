import { z } from "zod";

/** How many records to make and how they are spread over the control dimensions. */
export const planSchema = z.strictObject({
  count: z.number().int().min(1).max(10_000_000).describe("Accepted records to produce."),
  strategy: z
    .enum(["balanced", "weighted", "stratified"])
    .default("weighted")
    .describe(
      "balanced: equal counts per cell; weighted: counts follow the value weights; stratified: like weighted, with each dimension's marginal exact.",
    ),
  seed: z.number().int().min(0).default(42).describe("Seed for the order of plan slots."),
  steer: z
    .boolean()
    .default(true)
    .describe(
      "Diversity sampling: reorder and reassign open slots toward the cells most under-represented among accepted records.",
    ),
});

export type PlanSettings = z.infer<typeof planSchema>;
