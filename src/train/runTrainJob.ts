import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { WorkerError } from "../core/errors/WorkerError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import { ensureWorkerEnvironment } from "../worker/ensureWorkerEnvironment.js";
import type { TrainJobInput } from "../worker/protocol.js";
import { runWithAccelerate } from "../worker/runWithAccelerate.js";
import { startWorker } from "../worker/startWorker.js";
import { recordTrainingProgress } from "./recordTrainingProgress.js";
import { type TrainResult, trainResultSchema } from "./trainResultSchema.js";

const run = promisify(execFile);

/** How the training process is started. */
export type Launcher = "worker" | "accelerate";

/** Options of {@link runTrainJob}. */
export interface RunTrainJobOptions {
  config: Config;
  job: TrainJobInput;
  /** `worker` (one process, the default) or `accelerate` (`accelerate launch` with FSDP). */
  launcher?: Launcher;
  /** Processes for `accelerate` (one per GPU) [number of GPUs, at least 1]. */
  processes?: number;
  events?: EventSink;
  /** Aborting stops at the next step: a checkpoint is saved and the result says `cancelled`. */
  signal?: AbortSignal;
}

/**
 * Runs one training job in the worker and returns its validated result, its loss curve
 * annotated with each step's stage and learning rate (from the progress messages).
 */
export async function runTrainJob(options: RunTrainJobOptions): Promise<TrainResult> {
  const recorder = recordTrainingProgress(
    options.events ?? ignoreEvents,
    options.job.stages.map((stage) => stage.name),
  );
  const events = recorder.events;
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  let value: Record<string, unknown>;
  if (options.launcher === "accelerate") {
    const gpus = await countGpus(options.config, events, options.signal);
    value = await runWithAccelerate({
      config: options.config,
      job: options.job,
      processes: options.processes ?? Math.max(1, gpus),
      cpu: gpus === 0,
      events,
      ...signal,
    });
  } else {
    const worker = await startWorker({ config: options.config, events, ...signal });
    try {
      events({
        type: "log",
        level: "info",
        message: `worker ready (torch ${worker.ready.torch}, ${worker.ready.device})`,
      });
      value = await worker.request("train", options.job);
    } finally {
      await worker.close();
    }
  }
  const parsed = trainResultSchema.safeParse(value);
  if (!parsed.success) {
    throw new WorkerError(
      "protocol",
      `the train result does not have the expected shape (${parsed.error.message})`,
    );
  }
  if (parsed.data.cancelled && !options.signal?.aborted) throw new CancelledError();
  return { ...parsed.data, lossCurve: recorder.annotate(parsed.data.lossCurve) };
}

async function countGpus(
  config: Config,
  events: EventSink,
  signal: AbortSignal | undefined,
): Promise<number> {
  const environment = await ensureWorkerEnvironment({
    config,
    events,
    ...(signal === undefined ? {} : { signal }),
  });
  const { stdout } = await run(environment.python, ["-c", "import torch; print(torch.cuda.device_count())"]);
  return Number.parseInt(stdout.trim(), 10) || 0;
}
