import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../core/record.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { exportRun } from "./exportRun.js";

let directory: string;
let store: SqliteStore;

const loaded = () =>
  parseRecipe(
    `
name: reviews
description: Sentiment of short reviews.
output:
  schema:
    type: object
    properties:
      text: { type: string }
      label: { type: string, enum: [positive, negative] }
      stars: { type: integer }
    required: [text, label, stars]
  labelField: label
plan: { count: 20 }
template: { prompt: "Write a review." }
export: { formats: [jsonl, csv, alpaca, sharegpt, openai] }
`,
    "reviews.yaml",
  );

function record(index: number, status: "accepted" | "rejected" = "accepted"): GeneratedRecord {
  const label = index % 4 === 0 ? "negative" : "positive";
  return {
    id: `rec-${index}`,
    status,
    data: { text: `Review "${index}", with a comma`, label, stars: index % 5 },
    provenance: {
      runId: "run",
      round: 1,
      slotIndex: index,
      attempt: 0,
      cell: { label },
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
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-export-"));
  store = openStore(path.join(directory, "store.sqlite"));
  store.ensureRun({ id: "run", recipeName: "reviews", recipeHash: "h", recipe: {}, target: 20 });
  store.putPlan(
    "run",
    Array.from({ length: 21 }, (_, index) => ({ index, cell: {} })),
  );
  for (let index = 0; index < 20; index += 1) store.putRecord(record(index));
  store.putRecord(record(20, "rejected"));
});
afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

const read = (name: string) => readFileSync(path.join(directory, "out", "reviews", name), "utf8");

describe("exportRun", () => {
  it("writes every format for the accepted records only, plus a manifest", async () => {
    const result = await exportRun({ store, runId: "run", recipe: loaded().recipe, cwd: directory });
    expect(readdirSync(path.join(directory, "out", "reviews")).sort()).toEqual([
      "README.md",
      "data.alpaca.json",
      "data.csv",
      "data.jsonl",
      "data.openai.jsonl",
      "data.parquet",
      "data.sharegpt.json",
      "manifest.json",
      "provenance.jsonl",
    ]);
    expect(result.counts).toEqual({ data: 20 });

    const log = read("provenance.jsonl")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(log).toHaveLength(21);
    expect(log.filter((entry) => entry.status === "rejected")).toHaveLength(1);
    expect(log[0].provenance).toMatchObject({ runId: "run", slotIndex: 0 });

    const lines = read("data.jsonl")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(20);
    expect(lines[0]).toEqual({ text: 'Review "0", with a comma', label: "negative", stars: 0 });

    const rows = parseCsv(read("data.csv"), { columns: true }) as Record<string, string>[];
    expect(rows[1]).toEqual({ text: 'Review "1", with a comma', label: "positive", stars: "1" });

    const alpaca = JSON.parse(read("data.alpaca.json"));
    expect(alpaca[0]).toEqual({
      instruction: "Sentiment of short reviews. Answer with one of: positive, negative.",
      input: 'Review "0", with a comma',
      output: "negative",
    });
    const sharegpt = JSON.parse(read("data.sharegpt.json"));
    expect(sharegpt[0].conversations).toEqual([
      {
        from: "human",
        value:
          'Sentiment of short reviews. Answer with one of: positive, negative.\n\nReview "0", with a comma',
      },
      { from: "gpt", value: "negative" },
    ]);
    const chat = JSON.parse(read("data.openai.jsonl").split("\n")[0]!);
    expect(chat.messages.map((message: { role: string }) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
    ]);
    expect(chat.messages[2].content).toBe("negative");

    expect(JSON.parse(read("manifest.json"))).toMatchObject({
      runId: "run",
      records: 20,
      counts: { data: 20 },
    });
    expect(store.listArtifacts("run", "export")).toHaveLength(1);
  });

  it("splits reproducibly and keeps the label proportions in every split", async () => {
    const split = { train: 0.6, validation: 0.2, test: 0.2 };
    const first = await exportRun({
      store,
      runId: "run",
      recipe: loaded().recipe,
      cwd: directory,
      formats: ["jsonl"],
      split,
    });
    expect(first.counts).toEqual({ train: 12, validation: 4, test: 4 });
    const labels = (name: string) =>
      read(name)
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).label as string);
    for (const name of ["train.jsonl", "validation.jsonl", "test.jsonl"]) {
      const values = labels(name);
      expect(values.filter((label) => label === "negative").length / values.length).toBeCloseTo(0.25, 5);
    }
    const train = read("train.jsonl");
    await exportRun({
      store,
      runId: "run",
      recipe: loaded().recipe,
      cwd: directory,
      formats: ["jsonl"],
      split,
    });
    expect(read("train.jsonl")).toBe(train);
    const all = [...labels("train.jsonl"), ...labels("validation.jsonl"), ...labels("test.jsonl")];
    expect(all).toHaveLength(20);
  });

  it("writes to the requested folder and leaves no temporary files", async () => {
    const result = await exportRun({
      store,
      runId: "run",
      recipe: loaded().recipe,
      directory: "custom",
      cwd: directory,
      formats: ["csv"],
    });
    expect(result.directory).toBe(path.join(directory, "custom"));
    expect(readdirSync(result.directory).sort()).toEqual([
      "README.md",
      "data.csv",
      "data.parquet",
      "manifest.json",
      "provenance.jsonl",
    ]);
  });
});
