import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { UsageError } from "../core/errors/UsageError.js";
import { WorkerError } from "../core/errors/WorkerError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import type { EvaluateJobInput } from "../worker/protocol.js";
import { startWorker } from "../worker/startWorker.js";
import { workerModelCacheDir } from "../worker/workerPaths.js";
import { type EvaluationResult, evaluationResultSchema } from "./evaluationResultSchema.js";
import { readLabelledExamples } from "./readLabelledExamples.js";
import { type ReferenceSet, readReferenceSet } from "./readReferenceExamples.js";
import { readTrainingOutput } from "./readTrainingOutput.js";

export type { ReferenceSet };

/** Options of {@link evaluateTraining}. */
export interface EvaluateTrainingOptions {
  config: Config;
  /** Output folder of a finished `synthforge train`. */
  trainDir: string;
  /** Held-out JSONL [the test split the trainer wrote, if any]; null skips it. */
  heldOut?: string | null | undefined;
  reference?: ReferenceSet | undefined;
  /** Evaluate on at most this many examples per data set (a stratified sample). */
  limit?: number | undefined;
  /** Target language of a translation recipe: also sacrebleu's chrF and BLEU, with room for a sentence. */
  translationTarget?: string | undefined;
  /** Longest generated answer in tokens, for generation (sft) [160 for translation, else the worker's 64]. */
  maxNewTokens?: number | undefined;
  /** Also evaluate the base model (side by side) [true; never for a tagging head, whose base has no head]. */
  includeBase?: boolean;
  events?: EventSink;
  signal?: AbortSignal;
}

/** The evaluation and where it was written (`<trainDir>/evaluation.json`). */
export interface TrainingEvaluation {
  evaluation: EvaluationResult;
  file: string;
}

/**
 * Evaluates the base model and the tuned one side by side on the held-out split and on a
 * real reference set. Classification scores every label by its likelihood (nothing fails
 * to parse): accuracy, per-class precision/recall/F1, macro/micro-F1, confusion matrix.
 */
export async function evaluateTraining(options: EvaluateTrainingOptions): Promise<TrainingEvaluation> {
  const events = options.events ?? ignoreEvents;
  const trained = await readTrainingOutput(options.trainDir);
  const labels = trained.result.labels ?? undefined;
  const datasets: EvaluateJobInput["datasets"] = [];
  const heldOut = options.heldOut === undefined ? (trained.result.splits.test ?? null) : options.heldOut;
  const common = {
    ...(labels === undefined ? {} : { labels }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    // Answers that are not classes (entity lists, translations) are sampled, not stratified.
    stratify: labels !== undefined,
  };
  if (heldOut !== null) {
    datasets.push({
      name: "held-out",
      examples: await readLabelledExamples(heldOut, {
        textColumn: trained.textField,
        labelColumn: trained.labelField,
        ...common,
      }),
    });
  }
  if (options.reference) {
    datasets.push({
      name: `reference ${path.basename(options.reference.file)}`,
      examples: await readReferenceSet(options.reference, common),
    });
  }
  if (datasets.length === 0) {
    throw new UsageError(
      `${options.trainDir}: nothing to evaluate on: the training had no test split; give --data <file> or --reference <file>.`,
    );
  }
  const tuned =
    trained.method === "full"
      ? { name: "tuned", baseModel: trained.model ?? "", adapter: null }
      : { name: "tuned", baseModel: trained.baseModel, adapter: trained.adapter ?? null };
  if (!tuned.baseModel || (trained.method !== "full" && !tuned.adapter)) {
    throw new UsageError(`${options.trainDir}: the training did not finish (no adapter or model was saved).`);
  }
  const job: EvaluateJobInput = {
    task: trained.task,
    // A tagging head's base is an encoder with no head (its tags would be random): tuned only.
    models: [
      ...(options.includeBase === false || trained.task === "token-classification"
        ? []
        : [{ name: "base", baseModel: trained.baseModel }]),
      tuned,
    ],
    datasets,
    labels: labels ?? null,
    instruction: trained.result.instruction,
    maxLength: trained.maxLength,
    ...(options.translationTarget === undefined
      ? {}
      : { translationTarget: options.translationTarget, maxNewTokens: 160 }),
    ...(options.maxNewTokens === undefined ? {} : { maxNewTokens: options.maxNewTokens }),
    modelCacheDir: workerModelCacheDir(options.config),
  };
  const worker = await startWorker({
    config: options.config,
    events,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let value: Record<string, unknown>;
  try {
    value = await worker.request("evaluate", job);
  } finally {
    await worker.close();
  }
  const parsed = evaluationResultSchema.safeParse(value);
  if (!parsed.success) {
    throw new WorkerError(
      "protocol",
      `the evaluation result does not have the expected shape (${parsed.error.message})`,
    );
  }
  if (parsed.data.cancelled) throw new CancelledError();
  const file = path.join(options.trainDir, "evaluation.json");
  await writeFile(file, `${JSON.stringify(parsed.data, null, 2)}\n`);
  return { evaluation: parsed.data, file };
}
