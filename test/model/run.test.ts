// A real run with the real default model, loaded the way `synthforge run` loads it (the
// provider factory: registry, then the embedded provider): every accepted record validates
// against the output schema, carries its complete provenance, and the accepted records fill
// the plan exactly, cell by cell.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import type { RunSummary, SynthforgeEvent } from "../../src/core/events.js";
import { createPlan } from "../../src/core/plan/createPlan.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import type { GeneratedRecord } from "../../src/core/record.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { openStore } from "../../src/store/openStore.js";
import type { SqliteStore } from "../../src/store/SqliteStore.js";

const count = 24;
const schema = {
  type: "object",
  properties: {
    text: { type: "string", minLength: 10, maxLength: 240 },
    label: { type: "string", enum: ["positive", "negative"] },
  },
  required: ["text", "label"],
  additionalProperties: false,
};
const recipeText = `
name: run-test
description: Short reviews with a sentiment label.
model: { parallel: 2, contextSize: 1024 }
output:
  schema: ${JSON.stringify(schema)}
  labelField: label
dimensions:
  label: { positive: 2, negative: 1 }
  domain: [restaurant, kitchen appliance]
plan: { count: ${count}, seed: 5 }
template:
  id: classification-sentiment-en
  variables: { length: one sentence }
seeds: { file: seeds.jsonl, perPrompt: 1 }
generation: { maxTokens: 80, maxAttempts: 4, seed: 9 }
export:
  formats: [jsonl]
  split: { train: 0.75, test: 0.25 }
`;

let directory: string;
let store: SqliteStore;
let summary: RunSummary;
const events: SynthforgeEvent[] = [];
const loaded = () => parseRecipe(recipeText, path.join(directory, "run-test.yaml"));

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-run-"));
  writeFileSync(
    path.join(directory, "seeds.jsonl"),
    [
      { text: "The soup was hot, the bread fresh, and the waiter kind.", label: "positive" },
      { text: "The toaster burnt every slice and the dial fell off in a week.", label: "negative" },
      { text: "My new blender crushes ice in seconds and cleans up easily.", label: "positive" },
    ]
      .map((example) => JSON.stringify(example))
      .join("\n"),
  );
  store = openStore(path.join(directory, "store.sqlite"));
  summary = await runRecipe(loaded(), {
    store,
    config: configFromEnvironment(),
    events: (event) => events.push(event),
    outDir: path.join(directory, "out"),
    cwd: directory,
  });
});

afterAll(() => {
  store?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("a run with the default model", () => {
  it("ends with exactly the planned count, each slot filled once", () => {
    expect(summary.accepted).toBe(count);
    const accepted = store.listRecords(summary.runId, { status: "accepted" });
    expect(accepted).toHaveLength(count);
    expect(new Set(accepted.map((record) => record.provenance.slotIndex)).size).toBe(count);
    expect(new Set(accepted.map((record) => record.id)).size).toBe(count);
    expect(store.getRun(summary.runId)?.status).toBe("completed");
  });

  it("stores only accepted records that validate against the output schema", () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    for (const record of store.listRecords(summary.runId, { status: "accepted" })) {
      expect(validate(record.data), `${record.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(JSON.parse(record.provenance.rawOutput)).toEqual(record.data);
    }
  });

  it("keeps every rejected output with its reason and the decision behind it", () => {
    const rejected = store.listRecords(summary.runId, { status: "rejected" });
    expect(rejected).toHaveLength(summary.rejected);
    for (const record of rejected) {
      expect(record.reason).toMatch(
        /^(parse|schema|label-mismatch|surplus|truncated|too-long|symbols|language|repetition|leak|label-vote|rubric)$/,
      );
      if (record.reason !== "surplus") {
        expect(record.decisions.some((decision) => decision.decision === "reject" && decision.reason)).toBe(
          true,
        );
      }
    }
  });

  it("records complete provenance: slot, template, prompt, model and file hash, sampling, output, usage, timing", async () => {
    const model = await createModelRegistry({ config: configFromEnvironment() }).resolve(defaultModelName);
    const plan = createPlan(loaded().recipe.dimensions, loaded().recipe.plan);
    const seeds = new Set<string>();
    for (const record of store.listRecords(summary.runId) as GeneratedRecord[]) {
      const { provenance } = record;
      expect(provenance.runId).toBe(summary.runId);
      expect(provenance.round).toBeGreaterThanOrEqual(1);
      expect(provenance.attempt).toBeGreaterThanOrEqual(0);
      expect(provenance.cell).toEqual(plan[provenance.slotIndex]!.cell);
      expect(provenance.template).toEqual({ id: "classification-sentiment-en", version: "1.1.0" });
      expect(provenance.messages.map((message) => message.role)).toEqual(["system", "user"]);
      const prompt = provenance.messages[1]!.content;
      expect(prompt).toContain(provenance.cell.label!);
      expect(prompt).toContain(provenance.cell.domain!);
      expect(provenance.model).toEqual({
        provider: "embedded",
        id: defaultModelName,
        fileSha256: model.sha256,
      });
      expect(provenance.sampling).toMatchObject({ temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 80 });
      expect(Number.isInteger(provenance.sampling.seed)).toBe(true);
      expect(provenance.fewShot).toHaveLength(1);
      for (const id of provenance.fewShot) seeds.add(id);
      expect(provenance.strategy).toBe("plain");
      expect(provenance.rawOutput.length).toBeGreaterThan(0);
      expect(provenance.usage.inputTokens).toBeGreaterThan(20);
      expect(provenance.usage.outputTokens).toBeGreaterThan(0);
      expect(provenance.usage.outputTokens).toBeLessThanOrEqual(80);
      expect(Number.isNaN(Date.parse(provenance.timing.startedAt))).toBe(false);
      expect(provenance.timing.durationMs).toBeGreaterThan(0);
      expect(record.decisions[0]).toMatchObject({ check: "schema" });
    }
    expect(seeds.size).toBe(3);
    const slotAttempts = new Set(
      store
        .listRecords(summary.runId)
        .map((record) => `${record.provenance.slotIndex}/${record.provenance.attempt}`),
    );
    expect(slotAttempts.size).toBe(store.listRecords(summary.runId).length);
  });

  it("fills the plan exactly: accepted records per label and per cell equal the planned counts", () => {
    const plan = createPlan(loaded().recipe.dimensions, loaded().recipe.plan);
    const tally = (cells: Record<string, string>[], key: (cell: Record<string, string>) => string) => {
      const counts: Record<string, number> = {};
      for (const cell of cells) counts[key(cell)] = (counts[key(cell)] ?? 0) + 1;
      return counts;
    };
    const accepted = store.listRecords(summary.runId, { status: "accepted" });
    const labelOf = (cell: Record<string, string>) => cell.label!;
    const cellOf = (cell: Record<string, string>) => `${cell.label}/${cell.domain}`;
    expect(
      tally(
        plan.map((slot) => slot.cell),
        labelOf,
      ),
    ).toEqual({ positive: 16, negative: 8 });
    expect(
      tally(
        accepted.map((record) => ({ label: String(record.data?.label) })),
        labelOf,
      ),
    ).toEqual({
      positive: 16,
      negative: 8,
    });
    expect(
      tally(
        accepted.map((record) => record.provenance.cell),
        cellOf,
      ),
    ).toEqual(
      tally(
        plan.map((slot) => slot.cell),
        cellOf,
      ),
    );
  });

  it("exports the accepted records, split, and reports progress and the totals", () => {
    const lines = ["train.jsonl", "test.jsonl"].flatMap((file) =>
      readFileSync(path.join(directory, "out", file), "utf8")
        .trim()
        .split("\n"),
    );
    expect(lines).toHaveLength(count);
    expect(summary.files.map((file) => path.basename(file))).toContain("manifest.json");
    const progress = events.filter((event) => event.type === "task-progress");
    expect(progress.at(-1)).toMatchObject({ task: "generate", done: count, total: count });
    expect(summary.modelCalls).toBe(summary.accepted + summary.rejected);
    expect(summary.outputTokens).toBeGreaterThan(count * 5);
  });

  it("evaluates a prompt from where it parts from the sequence's previous one, and counts what the cache held", () => {
    // Every prompt opens with the same system prompt and instructions: after a sequence's first
    // call, that prefix is kept, so the run evaluates fewer prompt tokens than it sends.
    const cached = summary.cachedInputTokens ?? 0;
    expect(cached).toBeGreaterThan(0);
    expect(cached).toBeLessThan(summary.inputTokens);
    const records = store.listRecords(summary.runId);
    for (const record of records) {
      const usage = record.provenance.usage;
      expect(usage.cachedInputTokens ?? 0).toBeLessThanOrEqual(usage.inputTokens);
    }
    // The first call of each of the 2 sequences had nothing to reuse.
    expect(
      records.filter((record) => (record.provenance.usage.cachedInputTokens ?? 0) === 0).length,
    ).toBeGreaterThanOrEqual(1);
  });
});
