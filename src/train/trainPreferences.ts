import { mkdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { WorkerError } from "../core/errors/WorkerError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import { writeFileAtomic } from "../core/fs/writeFileAtomic.js";
import { createProgressForwarder } from "../worker/createProgressForwarder.js";
import { ensureWorkerEnvironment } from "../worker/ensureWorkerEnvironment.js";
import { spawnWorkerProcess } from "../worker/spawnWorkerProcess.js";
import { workerModelCacheDir } from "../worker/workerPaths.js";
import { resolveBaseModel } from "./resolveBaseModel.js";

/** A DPO job on preference pairs (worker/src/synthforge_worker/dpo.py, `DpoConfig`). */
export interface PreferenceJob {
  /** JSONL of pairs in TRL's conversational preference format (`synthforge review pairs`). */
  data: string;
  output: string;
  /** Registry name, .gguf file, model folder or hub id [smollm2-135m-instruct]. */
  baseModel?: string;
  beta?: number;
  learningRate?: number;
  epochs?: number;
  maxSteps?: number;
  batchSize?: number;
  loraRank?: number;
  maxLength?: number;
  seed?: number;
}

/** What the worker reports after a DPO job. */
export const preferenceResultSchema = z.looseObject({
  output: z.string(),
  adapter: z.string(),
  method: z.literal("dpo"),
  pairs: z.number(),
  steps: z.number(),
  totalSteps: z.number(),
  cancelled: z.boolean(),
  beta: z.number(),
  finalLoss: z.number().nullable(),
  /** Share of pairs whose chosen answer the trained adapter prefers over the base model's preference. */
  rewardAccuracy: z.number(),
  meanRewardMargin: z.number(),
  lossCurve: z.array(
    z.object({ step: z.number(), loss: z.number(), rewardAccuracy: z.number(), rewardMargin: z.number() }),
  ),
  seconds: z.number(),
});
export type PreferenceResult = z.infer<typeof preferenceResultSchema>;

/**
 * Trains a LoRA adapter with direct preference optimisation on review pairs, in the worker
 * (`python -m synthforge_worker.dpo`): writes `<output>/job.json`, runs the job and reads its
 * protocol messages (progress as events). Aborting sends SIGINT: the worker stops after the
 * step in progress and saves what it has.
 */
export async function trainPreferences(
  job: PreferenceJob,
  options: { config: Config; events?: EventSink; signal?: AbortSignal },
): Promise<PreferenceResult> {
  const events = options.events ?? ignoreEvents;
  const environment = await ensureWorkerEnvironment({
    config: options.config,
    events,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const baseModel = await resolveBaseModel(job.baseModel ?? "smollm2-135m-instruct", {
    config: options.config,
    events,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  await mkdir(job.output, { recursive: true });
  const jobFile = path.join(job.output, "job.json");
  const { baseModel: _reference, ...rest } = job;
  await writeFileAtomic(
    jobFile,
    `${JSON.stringify({ ...rest, baseModel, modelCacheDir: workerModelCacheDir(options.config) }, null, 2)}\n`,
  );
  const forwarder = createProgressForwarder(events);
  let result: unknown;
  let failure: Error | undefined;
  const child = spawnWorkerProcess(environment.python, ["-m", "synthforge_worker.dpo", "--config", jobFile], {
    config: options.config,
    sourceDir: environment.sourceDir,
    events,
    onMessage: (message) => {
      if (message.type === "progress") forwarder.progress(message);
      else if (message.type === "result") result = message.value;
      else if (message.type === "error") {
        failure =
          message.kind === "cancelled"
            ? new CancelledError()
            : new WorkerError(message.kind, message.message, {
                lastLines: message.traceback?.trimEnd().split("\n").slice(-8) ?? [],
              });
      }
    },
  });
  const interrupt = () => child.child.kill("SIGINT");
  options.signal?.addEventListener("abort", interrupt);
  child.child.stdin.end();
  const code = await child.exited;
  options.signal?.removeEventListener("abort", interrupt);
  forwarder.finish();
  if (failure) throw failure;
  if (result === undefined) {
    throw new WorkerError("exited", `the DPO job stopped without a result (exit ${code})`, {
      lastLines: child.lastLines.slice(-12),
    });
  }
  return preferenceResultSchema.parse(result);
}
