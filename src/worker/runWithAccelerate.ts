import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { WorkerError } from "../core/errors/WorkerError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import { createProgressForwarder } from "./createProgressForwarder.js";
import { ensureWorkerEnvironment } from "./ensureWorkerEnvironment.js";
import { fsdpConfigText } from "./fsdpConfigText.js";
import type { TrainJobInput } from "./protocol.js";
import { spawnWorkerProcess } from "./spawnWorkerProcess.js";

/** Options of {@link runWithAccelerate}. */
export interface AccelerateRunOptions {
  config: Config;
  job: TrainJobInput;
  /** Processes on this machine (one per GPU) [1]. */
  processes?: number;
  /** True when the machine has no GPU (FSDP runs on gloo). */
  cpu: boolean;
  events?: EventSink;
  /** Aborting sends SIGINT to the launcher and its processes: they checkpoint and stop. */
  signal?: AbortSignal;
}

/**
 * Runs a training job under `accelerate launch` with an FSDP configuration: writes
 * `<output>/launch/fsdp.yaml` and `<output>/launch/job.json`, then runs
 * `accelerate launch --config_file fsdp.yaml -m synthforge_worker.train --config job.json`
 * and reads the protocol messages the main process prints. Returns the train result value.
 */
export async function runWithAccelerate(options: AccelerateRunOptions): Promise<Record<string, unknown>> {
  const events = options.events ?? ignoreEvents;
  const environment = await ensureWorkerEnvironment({
    config: options.config,
    events,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const launchDir = path.join(options.job.output, "launch");
  await mkdir(launchDir, { recursive: true });
  const configFile = path.join(launchDir, "fsdp.yaml");
  const jobFile = path.join(launchDir, "job.json");
  const precision = options.job.mixedPrecision ?? "auto";
  await writeFile(
    configFile,
    fsdpConfigText({
      processes: options.processes ?? 1,
      mixedPrecision: precision === "auto" ? (options.cpu ? "no" : "bf16") : precision,
      cpu: options.cpu,
    }),
  );
  await writeFile(jobFile, `${JSON.stringify(options.job, null, 2)}\n`);
  events({ type: "log", level: "info", message: `accelerate launch --config_file ${configFile}` });

  const forwarder = createProgressForwarder(events);
  let result: Record<string, unknown> | undefined;
  let failure: Error | undefined;
  const launcher = path.join(path.dirname(environment.python), "accelerate");
  const child = spawnWorkerProcess(
    launcher,
    ["launch", "--config_file", configFile, "-m", "synthforge_worker.train", "--config", jobFile],
    {
      config: options.config,
      sourceDir: environment.sourceDir,
      events,
      detached: true,
      onMessage: (message) => {
        if (message.type === "progress") forwarder.progress(message);
        else if (message.type === "log")
          events({ type: "log", level: message.level, message: message.message });
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
    },
  );
  const interrupt = () => {
    if (child.child.pid !== undefined) {
      try {
        process.kill(-child.child.pid, "SIGINT");
      } catch {
        // already gone
      }
    }
  };
  options.signal?.addEventListener("abort", interrupt);
  child.child.stdin.end();
  const code = await child.exited;
  options.signal?.removeEventListener("abort", interrupt);
  forwarder.finish();
  if (result !== undefined) return result;
  if (failure) throw failure;
  throw new WorkerError("exited", `accelerate launch stopped without a result (exit ${code})`, {
    lastLines: child.lastLines.slice(-12),
  });
}
