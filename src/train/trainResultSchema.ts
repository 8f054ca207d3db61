import { z } from "zod";

/**
 * One point of the loss curve: the trainer returns step, loss and validation loss; the stage
 * and learning rate of the step are added from its progress messages (recordTrainingProgress).
 */
export const lossPointSchema = z.object({
  step: z.number(),
  loss: z.number(),
  validationLoss: z.number().optional(),
  stage: z.string().optional(),
  learningRate: z.number().optional(),
});
export type LossPoint = z.infer<typeof lossPointSchema>;

/** The value of a worker `train` result (worker/src/synthforge_worker/trainer.py). */
export const trainResultSchema = z.looseObject({
  output: z.string(),
  steps: z.number().int(),
  totalSteps: z.number().int(),
  cancelled: z.boolean(),
  stoppedEarly: z.boolean(),
  resumedFromStep: z.number().int().nullable(),
  bestValidationLoss: z.number().nullable(),
  finalTrainLoss: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  seconds: z.number(),
  peakMemoryMb: z.number(),
  trainableParameters: z.number().int(),
  totalParameters: z.number().int(),
  lossCurve: z.array(lossPointSchema),
  labels: z.array(z.string()).nullable(),
  instruction: z.string().nullable(),
  splits: z.record(z.string(), z.string().nullable()),
  checkpoint: z.string().nullable(),
  files: z.record(z.string(), z.string()).optional(),
});
export type TrainResult = z.infer<typeof trainResultSchema>;
