// The worker process as the CLI drives it (real virtual environment, real PyTorch): the ready
// handshake, a typed error naming the bad input, and a clear error when the process dies.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { WorkerError } from "../../src/core/errors/WorkerError.js";
import { startWorker } from "../../src/worker/startWorker.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-worker-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const job = (data: string) => ({
  baseModel: path.join(directory, "missing.gguf"),
  output: path.join(directory, "out"),
  stages: [{ name: "train", data }],
});

describe("the worker process", () => {
  it("answers a bad request with a typed error and keeps serving", async () => {
    const worker = await startWorker({ config: configFromEnvironment() });
    try {
      expect(worker.ready.protocolVersion).toBe(1);
      const missing = path.join(directory, "nothing.jsonl");
      const failure = await worker.request("train", job(missing)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkerError);
      expect((failure as WorkerError).kind).toBe("invalid-data");
      expect((failure as WorkerError).message).toContain(`${missing}: file not found`);
      const again = await worker.request("train", job(missing)).catch((error: unknown) => error);
      expect((again as WorkerError).kind).toBe("invalid-data");
    } finally {
      await worker.close();
    }
  });

  it("fails a pending request with a clear error when the process dies", async () => {
    const worker = await startWorker({ config: configFromEnvironment() });
    // Stopped, the worker cannot read the request or answer it, so the request is still pending
    // when the process dies: the test does not depend on which of the two happens first.
    process.kill(worker.pid!, "SIGSTOP");
    const pending = worker.request("train", job(path.join(directory, "nothing.jsonl")));
    process.kill(worker.pid!, "SIGKILL");
    const failure = await pending.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkerError);
    expect((failure as WorkerError).kind).toBe("exited");
    expect((failure as WorkerError).message).toMatch(
      /the worker process stopped unexpectedly \(exit SIGKILL\)/,
    );
    await worker.close();
  });
});
