import { z } from "zod";
import type { TrainTask } from "../core/recipe/trainSchema.js";
import type { ArtifactRow } from "../store/Store.js";
import { type EvaluationResult, evaluationResultSchema } from "../train/evaluationResultSchema.js";
import { lossPointSchema } from "../train/trainResultSchema.js";
import type { EvaluationSummary, TrainingJobSummary, TrainingReport } from "./TrainingReport.js";

/** The fields of a `training-job` artifact (src/train/trainingArtifact.ts) the report reads. */
const trainingJobArtifactSchema = z.looseObject({
  job: z
    .looseObject({
      baseModel: z.string().optional(),
      method: z.string().optional(),
      task: z.string().optional(),
      stages: z.array(z.looseObject({ name: z.string() })).optional(),
    })
    .optional(),
  output: z.string(),
  steps: z.number(),
  totalSteps: z.number(),
  cancelled: z.boolean(),
  stoppedEarly: z.boolean(),
  bestValidationLoss: z.number().nullable(),
  finalTrainLoss: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  seconds: z.number(),
  trainableParameters: z.number(),
  totalParameters: z.number(),
  lossCurve: z.array(lossPointSchema),
});

function jobSummary(row: ArtifactRow): TrainingJobSummary | string {
  const parsed = trainingJobArtifactSchema.safeParse(row.value);
  if (!parsed.success) {
    return `training-job artifact "${row.name}" is left out of the report: ${parsed.error.issues[0]?.path.join(".") || "value"}: ${parsed.error.issues[0]?.message}.`;
  }
  const value = parsed.data;
  return {
    output: row.name,
    updatedAt: row.updatedAt,
    baseModel: value.job?.baseModel,
    method: value.job?.method,
    task: value.job?.task,
    stages: value.job?.stages?.map((stage) => stage.name) ?? [],
    steps: value.steps,
    totalSteps: value.totalSteps,
    cancelled: value.cancelled,
    stoppedEarly: value.stoppedEarly,
    bestValidationLoss: value.bestValidationLoss,
    finalTrainLoss: value.finalTrainLoss,
    tokensPerSecond: value.tokensPerSecond,
    seconds: value.seconds,
    trainableParameters: value.trainableParameters,
    totalParameters: value.totalParameters,
    lossCurve: [...value.lossCurve].sort((a, b) => a.step - b.step),
  };
}

/** Classification unless the metrics are generation ones only (older results name no task). */
function taskOf(evaluation: EvaluationResult): TrainTask {
  if (evaluation.task) return evaluation.task;
  const generation = evaluation.results.some(
    (row) => row.metrics.accuracy === undefined && row.metrics.exactMatch !== undefined,
  );
  return generation ? "sft" : "classification";
}

function evaluationSummary(row: ArtifactRow): EvaluationSummary | string {
  const parsed = evaluationResultSchema.safeParse(row.value);
  if (!parsed.success) {
    return `evaluation artifact "${row.name}" is left out of the report: ${parsed.error.issues[0]?.path.join(".") || "value"}: ${parsed.error.issues[0]?.message}.`;
  }
  const evaluation = parsed.data;
  const names = [...new Set(evaluation.results.map((result) => result.dataset))];
  const labels =
    evaluation.labels ??
    evaluation.results.find((result) => result.metrics.confusion)?.metrics.confusion?.labels ??
    Object.keys(evaluation.results.find((result) => result.metrics.perClass)?.metrics.perClass ?? {});
  return {
    trainDir: row.name,
    updatedAt: row.updatedAt,
    task: taskOf(evaluation),
    labels,
    datasets: names.map((name) => {
      const models = evaluation.results
        .filter((result) => result.dataset === name)
        .map((result) => ({ model: result.model, metrics: result.metrics }));
      return { name, examples: models[0]?.metrics.examples ?? 0, models };
    }),
  };
}

/**
 * Turns a run's `training-job` and `evaluation` artifacts into the report's training part.
 * An artifact that does not have the expected shape is left out with a warning; no artifacts
 * give no training part.
 */
export function summarizeTraining(
  trainingJobs: readonly ArtifactRow[],
  evaluations: readonly ArtifactRow[],
): { training: TrainingReport | undefined; warnings: string[] } {
  const warnings: string[] = [];
  const keep = <T>(value: T | string): value is T => {
    if (typeof value !== "string") return true;
    warnings.push(value);
    return false;
  };
  const jobs = trainingJobs.map(jobSummary).filter(keep);
  const evaluated = evaluations
    .map(evaluationSummary)
    .filter(keep)
    .filter((evaluation) => evaluation.datasets.length > 0);
  const training = jobs.length + evaluated.length === 0 ? undefined : { jobs, evaluations: evaluated };
  return { training, warnings };
}
