import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { trainJobSchema, workerMessageSchema, workerRequestSchema } from "./protocol.js";
import { protocolJsonSchemaText } from "./protocolJsonSchemaText.js";
import { workerPackageDir } from "./workerPaths.js";

describe("worker protocol", () => {
  it("matches the JSON Schema written for the Python side (run `npx tsx src/worker/writeProtocolSchema.ts`)", () => {
    const written = readFileSync(`${workerPackageDir()}/src/synthforge_worker/protocol.schema.json`, "utf8");
    expect(written).toBe(protocolJsonSchemaText());
  });

  it("fills the trainer defaults of the method Synthforge implements", () => {
    const job = trainJobSchema.parse({
      baseModel: "m.gguf",
      output: "out",
      stages: [{ name: "train", data: "t.jsonl" }],
    });
    expect(job.learningRate).toBe(3e-5);
    expect(job.minLearningRate).toBe(1e-6);
    expect(job.gradientAccumulation).toBe(8);
    expect(job.weightDecay).toBe(0.01);
    expect(job.dropout).toBe(0.1);
    expect(job.earlyStoppingPatience).toBe(3);
  });

  it("rejects unknown requests and malformed messages", () => {
    expect(
      workerRequestSchema.safeParse({ type: "request", id: "1", method: "dance", params: {} }).success,
    ).toBe(false);
    expect(workerMessageSchema.safeParse({ type: "progress", id: "1" }).success).toBe(false);
    expect(
      workerMessageSchema.safeParse({
        type: "error",
        id: null,
        kind: "model-load",
        message: "x",
        traceback: null,
      }).success,
    ).toBe(true);
  });
});
