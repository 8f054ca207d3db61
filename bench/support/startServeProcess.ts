// `synthforge serve` as a user starts it (the CLI's entry, its thread pool and all), in a process
// of its own, for the benches that measure clients against it (bench/serve, bench/peers).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Starts `synthforge serve --port 0 <args>` (the default student unless `args` name a model);
 * resolves with the process and its API's URL once it listens, rejects if it exits first.
 */
export function startServeProcess(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.join(root, "bin/synthforge.js"), "serve", "--port", "0", ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}
