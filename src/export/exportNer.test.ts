// The NER formats through a whole export: the splits in each format, the tag names written
// once, the manifest listing them; and a recipe without an entity list refused before writing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../core/record.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { exportRun } from "./exportRun.js";

let directory: string;
let store: SqliteStore;

const recipeText = (formats: string, entities = true) => `
name: ner
language: zh
task: extraction
output:
  schema:
    type: object
    properties:
      text: { type: string }
${
  entities
    ? `      entities:
        type: array
        items:
          type: object
          properties:
            text: { type: string }
            type: { type: string, enum: [name, address] }
          required: [text, type]
    required: [text, entities]`
    : `      label: { type: string }
    required: [text, label]`
}
plan: { count: 10 }
template: { prompt: "Write." }
export: { formats: [${formats}], split: { train: 0.8, test: 0.2 } }
`;

const names = ["张伟", "李娜", "王芳", "刘洋", "陈静"];
const places = ["北京", "上海", "广州", "深圳", "杭州"];

function record(index: number): GeneratedRecord {
  const name = names[index % 5]!;
  const place = places[(index * 3) % 5]!;
  const data = {
    text: `${name}上周去了${place}，${name}说${place}很美。`,
    entities: [
      { text: name, type: "name" },
      { text: place, type: "address" },
    ],
  };
  return {
    id: `rec-${index}`,
    status: "accepted",
    data,
    provenance: {
      runId: "run",
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
      rawOutput: "",
      usage: { inputTokens: 1, outputTokens: 1 },
      timing: { startedAt: "", durationMs: 1 },
    },
    decisions: [],
  };
}

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-export-ner-"));
  store = openStore(path.join(directory, "store.sqlite"));
  store.ensureRun({ id: "run", recipeName: "ner", recipeHash: "h", recipe: {}, target: 10 });
  store.putPlan(
    "run",
    Array.from({ length: 10 }, (_, index) => ({ index, cell: {} })),
  );
  for (let index = 0; index < 10; index += 1) store.putRecord(record(index));
});
afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("exportRun with the NER formats", () => {
  it("writes conll, hf-ner and spacy for every split, and the tag names once", async () => {
    const { recipe } = parseRecipe(recipeText("jsonl, conll, hf-ner, spacy"), "ner.yaml");
    const result = await exportRun({ store, runId: "run", recipe, cwd: directory });
    const folder = path.join(directory, "out", "ner");
    expect(readdirSync(folder).sort()).toEqual(
      [
        "manifest.json",
        "ner_tags.json",
        "provenance.jsonl",
        ...["train", "test"].flatMap((split) => [
          `${split}.conll`,
          `${split}.jsonl`,
          `${split}.ner.jsonl`,
          `${split}.spacy.json`,
        ]),
      ].sort(),
    );
    expect(result.counts).toEqual({ train: 8, test: 2 });
    const manifest = JSON.parse(readFileSync(path.join(folder, "manifest.json"), "utf8")) as {
      files: string[];
    };
    expect(manifest.files).toContain("ner_tags.json");
    const tagNames = JSON.parse(readFileSync(path.join(folder, "ner_tags.json"), "utf8")) as string[];
    expect(tagNames).toEqual(["O", "B-name", "I-name", "B-address", "I-address"]);

    const rows = readFileSync(path.join(folder, "train.ner.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      // One token per character; every mention of both entities tagged.
      expect(row.tokens.join("")).toBe(row.text);
      expect(row.entities).toHaveLength(4);
      expect(row.ner_tags.filter((tag: number) => tagNames[tag]!.startsWith("B-"))).toHaveLength(4);
    }
    const sentences = readFileSync(path.join(folder, "test.conll"), "utf8").trimEnd().split("\n\n");
    expect(sentences).toHaveLength(2);
    const spacy = JSON.parse(readFileSync(path.join(folder, "train.spacy.json"), "utf8")) as [
      string,
      { entities: [number, number, string][] },
    ][];
    for (const [text, { entities }] of spacy) {
      for (const [start, end, label] of entities)
        expect(label === "name" ? names : places).toContain(text.slice(start, end));
    }
  });

  it("refuses an NER format for a schema without an entity list: the recipe names the line, a --format the export", async () => {
    expect(() => parseRecipe(recipeText("jsonl, conll", false), "ner.yaml")).toThrow(
      /^ner\.yaml:\d+:\d+: field `export\.formats` asks for conll, which need an entity list/,
    );
    const { recipe } = parseRecipe(recipeText("jsonl", false), "ner.yaml");
    await expect(
      exportRun({ store, runId: "run", recipe, cwd: directory, formats: ["jsonl", "spacy"] }),
    ).rejects.toThrow(/^export format spacy needs an entity list in output.schema/);
    expect(existsSync(path.join(directory, "out"))).toBe(false);
  });
});
