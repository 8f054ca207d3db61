import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { WorkerError } from "../core/errors/WorkerError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import { createProgressForwarder } from "./createProgressForwarder.js";
import { ensureWorkerEnvironment } from "./ensureWorkerEnvironment.js";
import type {
  EvaluateImagesJobInput,
  ImageRealismJobInput,
  RenderImagesJobInput,
  TrainImagesJobInput,
} from "./imageProtocol.js";
import type {
  EvaluateJobInput,
  ExportJobInput,
  ProgressMessage,
  TrainJobInput,
  WorkerMessage,
  WorkerRequest,
} from "./protocol.js";
import type {
  BertScoreJobInput,
  DiscriminateJobInput,
  SpreadJobInput,
  SyntaxJobInput,
} from "./scoringProtocol.js";
import { spawnWorkerProcess, type WorkerProcess } from "./spawnWorkerProcess.js";

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  config: Config;
  /** Receives setup progress, `worker-progress` events and the worker's log lines. */
  events?: EventSink;
  /** Aborting cancels the running request: the worker saves a checkpoint and answers. */
  signal?: AbortSignal;
  /** Seconds to wait for the ready message (importing torch can be slow). Default 300. */
  readyTimeoutSeconds?: number;
}

/** Parameters of each worker method, as the protocol accepts them. */
export interface WorkerMethods {
  train: TrainJobInput;
  evaluate: EvaluateJobInput;
  export: ExportJobInput;
  bertscore: BertScoreJobInput;
  syntax: SyntaxJobInput;
  spread: SpreadJobInput;
  discriminate: DiscriminateJobInput;
  "render-images": RenderImagesJobInput;
  "train-images": TrainImagesJobInput;
  "evaluate-images": EvaluateImagesJobInput;
  "image-realism": ImageRealismJobInput;
}

/** A running worker: one request at a time, then `close()`. */
export interface WorkerClient {
  readonly ready: Extract<WorkerMessage, { type: "ready" }>;
  /** Process id of the worker (for diagnostics). */
  readonly pid: number | undefined;
  request<M extends keyof WorkerMethods>(
    method: M,
    params: WorkerMethods[M],
    options?: { onProgress?: (progress: ProgressMessage) => void },
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Sets up the worker's environment if needed, starts `python -m synthforge_worker` and waits
 * for its ready message. If the process dies, pending calls fail with a WorkerError carrying
 * the last lines it printed.
 */
export async function startWorker(options: StartWorkerOptions): Promise<WorkerClient> {
  const events = options.events ?? ignoreEvents;
  const environment = await ensureWorkerEnvironment({
    config: options.config,
    events,
    signal: options.signal,
  });
  let pending:
    | {
        id: string;
        resolve: (value: Record<string, unknown>) => void;
        reject: (error: Error) => void;
        onProgress?: (progress: ProgressMessage) => void;
      }
    | undefined;
  let onReady: ((message: Extract<WorkerMessage, { type: "ready" }>) => void) | undefined;
  let nextId = 1;
  const forwarder = createProgressForwarder(events);

  const onMessage = (message: WorkerMessage) => {
    switch (message.type) {
      case "ready":
        onReady?.(message);
        return;
      case "progress":
        forwarder.progress(message);
        pending?.onProgress?.(message);
        return;
      case "log":
        events({ type: "log", level: message.level, message: message.message });
        return;
      case "result":
        forwarder.finish();
        if (pending && message.id === pending.id) {
          const { resolve } = pending;
          pending = undefined;
          resolve(message.value);
        }
        return;
      case "error": {
        forwarder.finish();
        const error =
          message.kind === "cancelled"
            ? new CancelledError()
            : new WorkerError(message.kind, message.message, { lastLines: tail(message.traceback) });
        if (pending && (message.id === pending.id || message.id === null)) {
          const { reject } = pending;
          pending = undefined;
          reject(error);
        } else {
          events({ type: "log", level: "warn", message: `worker: ${message.message}` });
        }
        return;
      }
    }
  };

  const worker: WorkerProcess = spawnWorkerProcess(environment.python, ["-m", "synthforge_worker"], {
    config: options.config,
    sourceDir: environment.sourceDir,
    events,
    onMessage,
  });
  const died = (code: number | string) =>
    new WorkerError("exited", `the worker process stopped unexpectedly (exit ${code})`, {
      lastLines: worker.lastLines.slice(-12),
    });
  void worker.exited.then((code) => {
    if (pending) {
      const { reject } = pending;
      pending = undefined;
      reject(options.signal?.aborted ? new CancelledError() : died(code));
    }
  });

  const readyTimeout = (options.readyTimeoutSeconds ?? 300) * 1000;
  const ready = await new Promise<Extract<WorkerMessage, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.child.kill("SIGKILL");
      reject(
        new WorkerError("timeout", `no ready message within ${readyTimeout / 1000} s`, {
          lastLines: worker.lastLines,
        }),
      );
    }, readyTimeout);
    onReady = (message) => {
      clearTimeout(timer);
      resolve(message);
    };
    void worker.exited.then((code) => {
      clearTimeout(timer);
      reject(died(code));
    });
  });

  const send = (request: WorkerRequest) => {
    if (worker.child.stdin.writable) worker.child.stdin.write(`${JSON.stringify(request)}\n`);
  };
  const onAbort = () => {
    if (pending) send({ type: "cancel", id: pending.id });
  };
  options.signal?.addEventListener("abort", onAbort);

  return {
    ready,
    pid: worker.child.pid,
    request(method, params, requestOptions) {
      if (pending) return Promise.reject(new WorkerError("busy", "the worker is already running a request"));
      const id = String(nextId++);
      return new Promise((resolve, reject) => {
        pending = { id, resolve, reject, onProgress: requestOptions?.onProgress };
        send({ type: "request", id, method, params } as WorkerRequest);
        if (options.signal?.aborted) onAbort();
      });
    },
    async close() {
      options.signal?.removeEventListener("abort", onAbort);
      send({ type: "shutdown" });
      worker.child.stdin.end();
      const timer = setTimeout(() => worker.child.kill("SIGKILL"), 10_000);
      await worker.exited;
      clearTimeout(timer);
    },
  };
}

function tail(text: string | null): string[] {
  return text ? text.trimEnd().split("\n").slice(-8) : [];
}
