import { z } from "zod";
import { trainTasks } from "../core/recipe/trainSchema.js";

const perClassSchema = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number(),
});

/** Metrics of one model on one dataset (worker/src/synthforge_worker/metrics.py). */
export const evaluationMetricsSchema = z.looseObject({
  examples: z.number().int(),
  accuracy: z.number().optional(),
  macroF1: z.number().optional(),
  microF1: z.number().optional(),
  perClass: z.record(z.string(), perClassSchema).optional(),
  confusion: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) }).optional(),
  exactMatch: z.number().optional(),
  rougeL: z.number().optional(),
  /** Translation: sacrebleu's corpus chrF and BLEU (0–100) and their signatures. */
  chrF: z.number().optional(),
  bleu: z.number().optional(),
  chrFSignature: z.string().optional(),
  bleuSignature: z.string().optional(),
  /** Entity-level precision, recall and F1 (exact span and type), when the answers are entity lists. */
  entityPrecision: z.number().optional(),
  entityRecall: z.number().optional(),
  entityF1: z.number().optional(),
  seconds: z.number().optional(),
});
export type EvaluationMetrics = z.infer<typeof evaluationMetricsSchema>;

/** The value of a worker `evaluate` result: one row per (model, dataset). */
export const evaluationResultSchema = z.looseObject({
  cancelled: z.boolean(),
  task: z.enum(trainTasks).optional(),
  labels: z.array(z.string()).nullable(),
  results: z.array(z.object({ model: z.string(), dataset: z.string(), metrics: evaluationMetricsSchema })),
});
export type EvaluationResult = z.infer<typeof evaluationResultSchema>;
