// The NER formats under the kill test of exportKill.test.ts: an export of entity records killed
// just before each of its changes to the file system leaves the old complete export or the new
// one (with its conll, hf-ner and spacy files and ner_tags.json), never a mix.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportInChild } from "../../test/support/exportInChild.js";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../core/record.js";
import { recipeForStore } from "../pipeline/run/recipeForStore.js";
import { runIdFor } from "../pipeline/run/runIdFor.js";
import { openStore } from "../store/openStore.js";
import { exportRun } from "./exportRun.js";

const recipeText = `name: ner
language: en
task: extraction
output:
  schema:
    type: object
    properties:
      text: { type: string }
      entities:
        type: array
        items:
          type: object
          properties:
            text: { type: string }
            type: { type: string, enum: [PER, LOC] }
          required: [text, type]
    required: [text, entities]
plan: { count: 30 }
template: { prompt: "Write." }
export: { formats: [jsonl, conll, hf-ner, spacy] }
`;

const versions = {
  old: { formats: ["jsonl"] as const, split: { train: 0.8, validation: 0.1, test: 0.1 } },
  new: {
    formats: ["jsonl", "conll", "hf-ner", "spacy"] as const,
    split: { train: 0.6, validation: 0.2, test: 0.2 },
  },
};
type VersionName = keyof typeof versions;

let directory: string;
let storeFile: string;
let runId: string;
const out = () => path.join(directory, "out", "ner");

function record(index: number): GeneratedRecord {
  const data = {
    text: `Anna ${index} flew from Oslo to Rome.`,
    entities: [
      { text: `Anna ${index}`, type: "PER" },
      { text: "Oslo", type: "LOC" },
      { text: "Rome", type: "LOC" },
    ],
  };
  return {
    id: `${runId}-${index}`,
    status: "accepted",
    data,
    provenance: {
      runId,
      round: 1,
      slotIndex: index,
      attempt: 0,
      cell: {},
      template: { id: "inline", version: "1" },
      messages: [],
      model: { provider: "fake", id: "fake" },
      sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, seed: index },
      fewShot: [],
      strategy: "plain",
      rawOutput: JSON.stringify(data),
      usage: { inputTokens: 1, outputTokens: 1 },
      timing: { startedAt: "", durationMs: 1 },
    },
    decisions: [],
  };
}

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-export-kill-ner-"));
  storeFile = path.join(directory, "store.sqlite");
  writeFileSync(path.join(directory, "recipe.yaml"), recipeText);
  const loaded = parseRecipe(recipeText, path.join(directory, "recipe.yaml"));
  runId = runIdFor(loaded);
  const store = openStore(storeFile);
  store.ensureRun({
    id: runId,
    recipeName: "ner",
    recipeHash: loaded.hash,
    recipe: recipeForStore(loaded.recipe),
    target: 30,
  });
  store.putPlan(
    runId,
    Array.from({ length: 30 }, (_, index) => ({ index, cell: {} })),
  );
  for (let index = 0; index < 30; index += 1) store.putRecord(record(index));
  store.setRunStatus(runId, "completed");
  store.close();
});
afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function exportVersion(name: VersionName): Promise<void> {
  const store = openStore(storeFile);
  try {
    const { recipe } = parseRecipe(recipeText, path.join(directory, "recipe.yaml"));
    await exportRun({
      store,
      runId,
      recipe,
      cwd: directory,
      formats: [...versions[name].formats],
      split: versions[name].split,
    });
  } finally {
    store.close();
  }
}

function exportChild(killAt: number): Promise<string> {
  return exportInChild({
    storeFile,
    recipeFile: path.join(directory, "recipe.yaml"),
    cwd: directory,
    ...versions.new,
    killAt,
  });
}

/** Asserts the folder holds exactly one complete export, and says which. */
function completeVersion(): VersionName {
  const folder = out();
  const manifest = JSON.parse(readFileSync(path.join(folder, "manifest.json"), "utf8")) as {
    formats: string[];
    files: string[];
    counts: Record<string, number>;
  };
  const name: VersionName = manifest.formats.length === 1 ? "old" : "new";
  expect(readdirSync(folder).sort()).toEqual([...manifest.files, "manifest.json"].sort());
  let total = 0;
  for (const [split, count] of Object.entries(manifest.counts)) {
    total += count;
    expect(
      readFileSync(path.join(folder, `${split}.jsonl`), "utf8")
        .split("\n")
        .filter(Boolean),
    ).toHaveLength(count);
    if (name === "new") {
      expect(
        readFileSync(path.join(folder, `${split}.ner.jsonl`), "utf8")
          .split("\n")
          .filter(Boolean),
      ).toHaveLength(count);
      expect(
        readFileSync(path.join(folder, `${split}.conll`), "utf8")
          .trimEnd()
          .split("\n\n"),
      ).toHaveLength(count);
      expect(JSON.parse(readFileSync(path.join(folder, `${split}.spacy.json`), "utf8"))).toHaveLength(count);
    }
  }
  expect(total).toBe(30);
  if (name === "new")
    expect(JSON.parse(readFileSync(path.join(folder, "ner_tags.json"), "utf8"))).toEqual([
      "O",
      "B-PER",
      "I-PER",
      "B-LOC",
      "I-LOC",
    ]);
  return name;
}

describe("a killed NER export", () => {
  it("leaves the old or the new complete export at every moment", async () => {
    await exportVersion("old");
    const changes = Number(await exportChild(0));
    expect(completeVersion()).toBe("new");
    expect(changes).toBeGreaterThan(15);
    const seen = new Set<VersionName>();
    for (let killAt = 1; killAt <= changes; killAt += 1) {
      await exportVersion("old");
      expect(await exportChild(killAt)).toBe("killed");
      seen.add(completeVersion());
      await exportVersion("new");
      expect(completeVersion()).toBe("new");
    }
    expect([...seen].sort()).toEqual(["new", "old"]);
  }, 240_000);
});
