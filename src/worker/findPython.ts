import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { WorkerError } from "../core/errors/WorkerError.js";

const run = promisify(execFile);

/** Interpreters tried in order; the worker needs Python 3.10 or newer. */
const CANDIDATES = ["python3.11", "python3.12", "python3.10", "python3.13", "python3", "python"];

/** Finds a Python (>= 3.10) to build the worker's virtual environment with. */
export async function findPython(candidates: readonly string[] = CANDIDATES): Promise<string> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    try {
      const { stdout, stderr } = await run(candidate, ["--version"]);
      const match = /Python (\d+)\.(\d+)/.exec(`${stdout}${stderr}`);
      const major = Number(match?.[1] ?? 0);
      const minor = Number(match?.[2] ?? 0);
      if (major === 3 && minor >= 10) return candidate;
      tried.push(`${candidate} (${`${stdout}${stderr}`.trim()})`);
    } catch {
      tried.push(`${candidate} (not found)`);
    }
  }
  throw new WorkerError("setup", `no Python 3.10 or newer found; tried ${tried.join(", ")}`);
}
