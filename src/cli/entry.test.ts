// bin/synthforge.js, the command's entry, sets libuv's thread pool to 1 thread (where llama.cpp's
// decodes run; with 4 they hop between threads and a small model decodes at a third of the speed
// on two cores) before anything starts the pool, and keeps a size the user set.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../bin/synthforge.js", import.meta.url));
const folder = mkdtempSync(path.join(os.tmpdir(), "synthforge-entry-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The thread pool size the CLI process ran with, read as it exits, and how it exited. */
function poolSizeOf(env: NodeJS.ProcessEnv) {
  const probe = path.join(folder, "probe.cjs");
  writeFileSync(
    probe,
    `process.on("exit", () => process.stderr.write("pool=" + process.env.UV_THREADPOOL_SIZE + "\\n"));\n`,
  );
  const { UV_THREADPOOL_SIZE: _, ...rest } = process.env;
  const result = spawnSync(process.execPath, ["--require", probe, entry, "templates", "list"], {
    env: { ...rest, ...env },
    encoding: "utf8",
  });
  return { status: result.status, pool: /pool=(\S+)/.exec(result.stderr)?.[1] };
}

describe("bin/synthforge.js", () => {
  it("runs with a thread pool of 1 unless the user set one", () => {
    expect(poolSizeOf({})).toEqual({ status: 0, pool: "1" });
    expect(poolSizeOf({ UV_THREADPOOL_SIZE: "3" })).toEqual({ status: 0, pool: "3" });
  });
});
