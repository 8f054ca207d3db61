import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadRecipe } from "../core/recipe/loadRecipe.js";
import { recipeTrainingInputs } from "./recipeTrainingInputs.js";

const example = fileURLToPath(new URL("../../examples/instruction-en.yaml", import.meta.url));
const exportDir = mkdtempSync(path.join(os.tmpdir(), "synthforge-training-inputs-"));
afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

describe("recipeTrainingInputs", () => {
  it("takes an export's splits, and an empty one (a test share of a few records) as none", async () => {
    const record = JSON.stringify({ instruction: "Say hi.", input: null, output: "Hi." });
    writeFileSync(path.join(exportDir, "train.jsonl"), `${record}\n${record}\n`);
    writeFileSync(path.join(exportDir, "validation.jsonl"), `${record}\n`);
    writeFileSync(path.join(exportDir, "test.jsonl"), "");
    const inputs = recipeTrainingInputs(await loadRecipe(example), { exportDir });
    expect(inputs.stages).toEqual([
      { name: "train", data: path.join(exportDir, "train.jsonl"), epochs: undefined },
    ]);
    expect(inputs.validation).toBe(path.join(exportDir, "validation.jsonl"));
    expect(inputs.test).toBeUndefined();
    // An instruction record trains as it is (instruction and input in, output out): no labels, no instruction of ours.
    expect(inputs.labels).toBeUndefined();
    expect(inputs.instruction).toBeUndefined();
  });
});
