// The Parquet files and dataset card of an export, read back the way a user's tools read them:
// the Parquet files with hyparquet (typed columns, Chinese intact, a null for a missing field),
// the card's YAML front matter as `datasets` and the Hub read it (one Parquet file per split).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { storedRecord } from "../../test/fixtures/quality/storedRecord.js";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../core/record.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { exportRun } from "./exportRun.js";
import { parquetColumnType, tableColumns } from "./parquetTable.js";

let directory: string;
let store: SqliteStore;

const recipe = parseRecipe(
  `
name: waimai
description: 外卖评论的情感分类。
language: zh
output:
  schema:
    type: object
    properties:
      text: { type: string, description: 一条外卖评论 }
      label: { type: string, enum: [positive, negative] }
      stars: { type: integer }
      aspects: { type: array, items: { type: string } }
    required: [text, label, stars]
  labelField: label
plan: { count: 40, seed: 7 }
template: { prompt: "写一条外卖评论。" }
export: { formats: [jsonl], split: { train: 0.8, validation: 0.1, test: 0.1 } }
`,
  "waimai.yaml",
).recipe;

function record(index: number, status: "accepted" | "rejected" = "accepted"): GeneratedRecord {
  const label = index % 4 === 0 ? "negative" : "positive";
  const data = {
    text: `第${index}条：送餐${label === "positive" ? "很快，饭菜还是热的" : "太慢，菜都凉了"}。`,
    label,
    stars: index % 5,
    ...(index % 3 === 0 ? { aspects: ["送餐", "口味"] } : {}),
  };
  const stored = storedRecord({ runId: "run", round: 1, slotIndex: index, data, cell: { label }, status });
  if (status === "accepted") return { ...stored, decisions: [{ check: "schema", decision: "pass" }] };
  const check = index % 2 === 0 ? "dedup" : "schema";
  return {
    ...stored,
    reason: index % 2 === 0 ? "duplicate" : "schema",
    decisions: [{ check, decision: "reject", reason: "x" }],
  };
}

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-card-"));
  store = openStore(path.join(directory, "store.sqlite"));
  store.ensureRun({ id: "run", recipeName: "waimai", recipeHash: "h", recipe: {}, target: 40 });
  store.putPlan(
    "run",
    Array.from({ length: 44 }, (_, index) => ({ index, cell: {} })),
  );
  for (let index = 0; index < 40; index += 1) store.putRecord(record(index));
  for (let index = 40; index < 44; index += 1) store.putRecord(record(index, "rejected"));
  store.addReview("run", { recordId: "run-1-1", verdict: "correct", reviewedAt: "2026-01-01T00:00:00Z" });
  store.addReview("run", {
    recordId: "run-1-2",
    verdict: "wrong",
    reason: "label",
    reviewedAt: "2026-01-01T00:00:00Z",
  });
});
afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

async function readParquet(file: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  return {
    columns: parquetSchema(metadata).children.map((child) => child.element.name),
    rows: await parquetReadObjects({ file: buffer, metadata }),
  };
}

describe("the Parquet files and dataset card of an export", () => {
  it("writes each split as Parquet with the same rows as its JSONL file, typed, Chinese intact", async () => {
    const result = await exportRun({ store, runId: "run", recipe, cwd: directory });
    expect(result.counts).toEqual({ train: 32, validation: 4, test: 4 });
    for (const split of ["train", "validation", "test"]) {
      const jsonl = readFileSync(path.join(result.directory, `${split}.jsonl`), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const { columns, rows } = await readParquet(path.join(result.directory, `${split}.parquet`));
      expect(columns).toEqual(["text", "label", "stars", "aspects"]);
      expect(rows).toHaveLength(jsonl.length);
      rows.forEach((row, index) => {
        const expected = jsonl[index]!;
        expect(row.text).toBe(expected.text);
        expect(row.label).toBe(expected.label);
        // INT64 reads back as a bigint; a list as its JSON text; a missing field as null.
        expect(row.stars).toBe(BigInt(expected.stars as number));
        expect(row.aspects).toEqual(expected.aspects === undefined ? null : expected.aspects);
      });
      expect(rows.some((row) => String(row.text).includes("饭菜还是热的"))).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(result.directory, "manifest.json"), "utf8")).files).toEqual(
      expect.arrayContaining(["train.parquet", "validation.parquet", "test.parquet", "README.md"]),
    );
  });

  it("writes a card whose front matter names the Parquet file of every split", async () => {
    const result = await exportRun({ store, runId: "run", recipe, cwd: directory });
    const card = readFileSync(path.join(result.directory, "README.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(card);
    expect(front).not.toBeNull();
    const yaml = parseYaml(front![1]!) as {
      configs: { config_name: string; data_files: { split: string; path: string }[] }[];
      language: string[];
      task_categories: string[];
      size_categories: string[];
    };
    expect(yaml.configs).toEqual([
      {
        config_name: "default",
        data_files: [
          { split: "train", path: "train.parquet" },
          { split: "validation", path: "validation.parquet" },
          { split: "test", path: "test.parquet" },
        ],
      },
    ]);
    for (const file of yaml.configs[0]!.data_files)
      expect(existsSync(path.join(result.directory, file.path))).toBe(true);
    expect([yaml.language, yaml.task_categories, yaml.size_categories]).toEqual([
      ["zh"],
      ["text-classification"],
      ["n<1K"],
    ]);
  });

  it("states the fields, splits, label counts, recipe, models, gates and verification in the card", async () => {
    const result = await exportRun({ store, runId: "run", recipe, cwd: directory });
    const card = readFileSync(path.join(result.directory, "README.md"), "utf8");
    expect(card).toContain("# waimai\n\n外卖评论的情感分类。");
    expect(card).toContain("| text | STRING | 一条外卖评论 |");
    expect(card).toContain("| stars | INT64 |  |");
    expect(card).toContain("| aspects | JSON text |  |");
    expect(card).toContain("| train | 32 | train.parquet |");
    // Labels per split add up to the records: 10 negative (every fourth) and 30 positive in all.
    const labelRows = [...card.matchAll(/^\| (positive|negative) \| (\d+) \| (\d+) \| (\d+) \|$/gm)].map(
      (match) => [match[1], Number(match[2]) + Number(match[3]) + Number(match[4])],
    );
    expect(Object.fromEntries(labelRows)).toEqual({ positive: 30, negative: 10 });
    expect(card).toContain("| stored reference-rows | 40 |");
    expect(card).toContain("Of the 44 records the run stored, 40 were accepted and 4 rejected.");
    expect(card).toMatch(/\| duplicate \| 2 \|\n\| schema \| 2 \|/);
    expect(card).toMatch(/\| spotCheckErrorRate \| [\d.]+ \|/);
    expect(card).toContain("Human spot-check: 2 records reviewed, 1 marked wrong (50.0%).");
    expect(card).toContain(
      'load_dataset("parquet", data_files={"train": "train.parquet", "validation": "validation.parquet", "test": "test.parquet"})',
    );
  });

  it("types a column by its values", () => {
    expect(
      [
        ["a", null],
        [1, 2],
        [1.5, 2],
        [true, false],
        [["x"], "y"],
        [null, undefined],
        [1, "1"],
      ].map(parquetColumnType),
    ).toEqual(["STRING", "INT64", "DOUBLE", "BOOLEAN", "JSON", "STRING", "JSON"]);
    expect(tableColumns(["text", "label"], [{ label: "a", text: "b", votes: 3 }, { extra: 1 }])).toEqual([
      "text",
      "label",
      "votes",
      "extra",
    ]);
  });
});
