import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTrainingOutput } from "../../test/support/writeTrainingOutput.js";
import { UsageError } from "../core/errors/UsageError.js";
import { servedStudent } from "./servedStudent.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-student-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("servedStudent", () => {
  it("names a run's sft student by the run, task and method, with its base model and GGUF adapter", async () => {
    const folder = writeTrainingOutput(path.join(directory, "out", "reviews-en", "train"), { task: "sft" });
    expect(await servedStudent(folder)).toEqual({
      baseModel: "smollm2-135m-instruct",
      adapter: path.join(folder, "adapter.gguf"),
      id: "reviews-en-sft-lora",
    });
  });

  it("names a classifier by its task too: it answers its training prompt with the label", async () => {
    const folder = writeTrainingOutput(path.join(directory, "out", "sentiment-en", "train"), {
      task: "classification",
    });
    expect((await servedStudent(folder)).id).toBe("sentiment-en-classification-lora");
  });

  it("refuses a folder without a GGUF adapter, and a folder that is no training output, in one sentence", async () => {
    const full = writeTrainingOutput(path.join(directory, "full", "train"), {
      task: "sft",
      method: "full",
      gguf: false,
    });
    await expect(servedStudent(full)).rejects.toThrow(/no GGUF LoRA adapter was written \(method full\)/);
    const noGguf = writeTrainingOutput(path.join(directory, "nogguf", "train"), { task: "sft", gguf: false });
    await expect(servedStudent(noGguf)).rejects.toThrow(/no GGUF LoRA adapter was written/);
    const error = await servedStudent(path.join(directory, "missing")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /train_log\.json cannot be read .*expected the output folder of a finished `synthforge train`/,
    );
  });
});
