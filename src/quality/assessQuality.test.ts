import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { qualitySchema } from "../core/recipe/qualitySchema.js";
import { recipeSchema } from "../core/recipe/recipeSchema.js";
import { assessQuality, labelDimensionOf, readRecipeReference } from "./assessQuality.js";
import { checkDataset } from "./checkDataset.js";
import { readDatasetFile } from "./io/readDatasetFile.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "synthforge-assess-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = [
  { text: "The noodles were chewy and the broth was rich.", label: "positive" },
  { text: "The noodles were chewy and the broth was rich.", label: "positive" },
  { text: "Cold fries and a forty minute wait at the counter.", label: "negative" },
  { text: "", label: "negative" },
  { text: "Friendly staff, but the curry had no flavour at all.", label: "negative" },
];

describe("assessQuality, the quality stage's one entry point", () => {
  it("gives a file the same verdicts and gates through checkDataset as called directly", async () => {
    const file = path.join(dir, "d.jsonl");
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n"));
    const viaFile = await checkDataset({ file });
    const { records } = await readDatasetFile(file);
    const direct = await assessQuality({
      records,
      source: { kind: "file", file },
      language: "en",
      quality: qualitySchema.parse({}),
    });
    expect(direct.outcome.verdicts.map((verdict) => verdict.status)).toEqual(
      viaFile.outcome.verdicts.map((verdict) => verdict.status),
    );
    expect(direct.report.counts).toEqual(viaFile.report.counts);
    expect(direct.report.gates.map((gate) => [gate.gate, gate.status])).toEqual(
      viaFile.report.gates.map((gate) => [gate.gate, gate.status]),
    );
    // One duplicate and one empty text: two of five rejected.
    expect(direct.report.counts.accepted).toBe(3);
  });

  it("reads the recipe's reference corpus relative to the recipe's folder", async () => {
    writeFileSync(path.join(dir, "ref.csv"), "text,label\nGreat pho.,positive\nSlow service.,negative\n");
    const quality = qualitySchema.parse({ reference: { file: "ref.csv" } });
    const reference = await readRecipeReference(quality, dir);
    expect(reference?.texts).toEqual(["Great pho.", "Slow service."]);
    expect(await readRecipeReference(qualitySchema.parse({}), dir)).toBeUndefined();
  });

  it("finds the plan dimension the label field realises", () => {
    const recipe = (dimensions: Record<string, string[]>, labelField?: string) =>
      recipeSchema.parse({
        name: "r",
        output: {
          schema: { type: "object", properties: { text: { type: "string" }, sentiment: { type: "string" } } },
          ...(labelField ? { labelField } : {}),
        },
        dimensions,
        plan: { count: 4 },
        template: { prompt: "Write a review." },
      });
    expect(labelDimensionOf(recipe({ sentiment: ["a", "b"] }, "sentiment"))).toBe("sentiment");
    expect(labelDimensionOf(recipe({ label: ["a", "b"] }))).toBe("label");
    expect(labelDimensionOf(recipe({ topic: ["x", "y"] }))).toBeUndefined();
  });
});
