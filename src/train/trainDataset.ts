import type { Config } from "../core/config.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import type { TrainSettings } from "../core/recipe/trainSchema.js";
import { defaultStudentModelName } from "../providers/registry/defaultModels.js";
import type { TrainJobInput } from "../worker/protocol.js";
import { workerModelCacheDir } from "../worker/workerPaths.js";
import { studentForTask } from "./defaultStudent.js";
import { resolveBaseModel } from "./resolveBaseModel.js";
import { type Launcher, runTrainJob } from "./runTrainJob.js";
import { type TrainJobInputs, trainJobFromSettings } from "./trainJobFromSettings.js";
import type { TrainResult } from "./trainResultSchema.js";

/** Options of {@link trainDataset}. */
export interface TrainDatasetOptions {
  config: Config;
  settings: TrainSettings;
  /** The data, fields and output folder; the base model comes from `settings.baseModel` [the English default student; for a tagging head, the English encoder]. */
  inputs: Omit<TrainJobInputs, "baseModel" | "modelCacheDir">;
  /** Folder a relative base-model path resolves against [the working directory]. */
  baseDirectory?: string;
  launcher?: Launcher;
  processes?: number | undefined;
  events?: EventSink;
  signal?: AbortSignal;
}

/** A finished (or cancelled) training job. */
export interface TrainedDataset {
  job: TrainJobInput;
  result: TrainResult;
}

/** Resolves the base model (pulling a registry model when missing) and trains on the given data. */
export async function trainDataset(options: TrainDatasetOptions): Promise<TrainedDataset> {
  const events = options.events ?? ignoreEvents;
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const student = studentForTask(options.settings.task, defaultStudentModelName);
  const baseModel = await resolveBaseModel(options.settings.baseModel ?? student, {
    config: options.config,
    events,
    ...signal,
    ...(options.baseDirectory === undefined ? {} : { baseDirectory: options.baseDirectory }),
  });
  const job = trainJobFromSettings(options.settings, {
    ...options.inputs,
    baseModel,
    modelCacheDir: workerModelCacheDir(options.config),
  });
  const result = await runTrainJob({
    config: options.config,
    job,
    events,
    ...signal,
    ...(options.launcher === undefined ? {} : { launcher: options.launcher }),
    ...(options.processes === undefined ? {} : { processes: options.processes }),
  });
  return { job, result };
}
