import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../../bin/synthforge.js", import.meta.url));

/** How a `synthforge` command ended, with all it printed. */
export interface FinishedCli {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in a child process as a user would, in `cwd`; with `interruptWhen`, sends SIGINT
 * (Ctrl-C) once stderr matches it.
 */
export function runCli(
  args: string[],
  options: { cwd: string; interruptWhen?: RegExp },
): Promise<FinishedCli> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let interrupted = false;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.interruptWhen && !interrupted && options.interruptWhen.test(stderr)) {
      interrupted = true;
      child.kill("SIGINT");
    }
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
