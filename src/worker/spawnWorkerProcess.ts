import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Config } from "../core/config.js";
import type { EventSink } from "../core/events.js";
import { type WorkerMessage, workerMessageSchema } from "./protocol.js";

/** A worker (or `accelerate launch`) process whose stdout is read as protocol messages. */
export interface WorkerProcess {
  child: ChildProcessWithoutNullStreams;
  /** The last lines the process printed on stderr (and any non-protocol stdout). */
  lastLines: string[];
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
}

const KEEP_LINES = 25;

/**
 * Spawns a Python process with the worker package on its path. Every stdout line that parses
 * as a protocol message goes to `onMessage`; stderr lines are kept (for error reports) and
 * the worker's own log lines are forwarded as `log` events.
 */
export function spawnWorkerProcess(
  python: string,
  args: string[],
  options: {
    config: Config;
    sourceDir: string;
    events: EventSink;
    onMessage: (message: WorkerMessage) => void;
    cwd?: string;
    /** Start it in its own process group (so a signal can reach the launcher and its children). */
    detached?: boolean;
  },
): WorkerProcess {
  const inherited = options.config.environment.PYTHONPATH;
  const child = spawn(python, args, {
    cwd: options.cwd,
    env: {
      ...options.config.environment,
      PYTHONPATH: inherited ? `${options.sourceDir}:${inherited}` : options.sourceDir,
      PYTHONUNBUFFERED: "1",
      // OpenMP threads that spin while waiting slow PyTorch on CPU several times over when
      // the cores are shared (measured 46 → 174 tokens/s on two busy cores); let them sleep.
      OMP_WAIT_POLICY: options.config.environment.OMP_WAIT_POLICY ?? "PASSIVE",
      TOKENIZERS_PARALLELISM: "false",
      TRANSFORMERS_VERBOSITY: "error",
      HF_HUB_DISABLE_PROGRESS_BARS: "1",
      TQDM_DISABLE: "1",
    },
    stdio: ["pipe", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  // Writing to a worker that has died raises EPIPE here; the death itself is reported through
  // `exited` with the last lines it printed.
  child.stdin.on("error", () => {});
  const lastLines: string[] = [];
  const keep = (line: string) => {
    lastLines.push(line);
    if (lastLines.length > KEEP_LINES) lastLines.shift();
  };
  createInterface({ input: child.stdout }).on("line", (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      keep(line);
      return;
    }
    const message = workerMessageSchema.safeParse(parsed);
    if (message.success) options.onMessage(message.data);
    else keep(line);
  });
  createInterface({ input: child.stderr }).on("line", (line) => {
    keep(line);
    const own = /^(INFO|WARNING) synthforge_worker: (.*)$/.exec(line);
    if (own?.[2])
      options.events({ type: "log", level: own[1] === "WARNING" ? "warn" : "info", message: own[2] });
    else options.events({ type: "log", level: "debug", message: line });
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on("error", (error) => {
      keep(String(error.message));
      resolve(-1);
    });
    child.on("close", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, lastLines, exited };
}
