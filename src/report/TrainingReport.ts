import type { TrainTask } from "../core/recipe/trainSchema.js";
import type { EvaluationMetrics } from "../train/evaluationResultSchema.js";
import type { LossPoint } from "../train/trainResultSchema.js";

/** One training job of a run, as the report shows it (from its `training-job` artifact). */
export interface TrainingJobSummary {
  /** Output folder of the job (the artifact's name). */
  output: string;
  updatedAt: string;
  baseModel: string | undefined;
  method: string | undefined;
  task: string | undefined;
  /** Stage names in training order. */
  stages: string[];
  steps: number;
  totalSteps: number;
  cancelled: boolean;
  stoppedEarly: boolean;
  bestValidationLoss: number | null;
  finalTrainLoss: number | null;
  tokensPerSecond: number | null;
  seconds: number;
  trainableParameters: number;
  totalParameters: number;
  /** Training loss per optimizer step, validation loss where validated, stage and learning rate where known. */
  lossCurve: LossPoint[];
}

/** Every model's metrics on one data set of an evaluation. */
export interface EvaluatedDataset {
  name: string;
  examples: number;
  /** In the evaluation's order: `base` first, then `tuned`. */
  models: { model: string; metrics: EvaluationMetrics }[];
}

/** One evaluation of a run (from its `evaluation` artifact): base and tuned side by side. */
export interface EvaluationSummary {
  /** Training output folder that was evaluated (the artifact's name). */
  trainDir: string;
  updatedAt: string;
  task: TrainTask;
  labels: string[];
  datasets: EvaluatedDataset[];
}

/** What `report.json` holds of a run's fine-tuning: loss curves and evaluations. */
export interface TrainingReport {
  jobs: TrainingJobSummary[];
  evaluations: EvaluationSummary[];
}
