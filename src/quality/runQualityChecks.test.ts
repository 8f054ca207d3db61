import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GateFailedError } from "../core/errors/GateFailedError.js";
import { recipeSchema } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { assertGates } from "./gates/assertGates.js";
import { runQualityChecks } from "./runQualityChecks.js";

const texts = [
  "The noodles arrived hot and the broth was rich, I will order again",
  "Delivery took two hours and the rice was cold and hard",
  "The noodles arrived hot and the broth was rich, I will order again!",
  "Friendly driver, neat packaging, and the dumplings were perfect",
  "Call me on 13812345678 if the order is late",
  "Delivery took two hours and the rice was cold and hard",
  "Too salty, the soup was mostly oil and the portion was tiny",
  "Friendly driver, neat packaging, and the dumplings were perfect",
];
const labels = [
  "positive",
  "negative",
  "positive",
  "positive",
  "negative",
  "negative",
  "negative",
  "negative",
];

const recipe = recipeSchema.parse({
  name: "demo",
  output: {
    schema: { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
    labelField: "label",
  },
  dimensions: { label: ["positive", "negative"] },
  plan: { count: 8 },
  template: { prompt: "write" },
  quality: { gates: { entropy: 3.8, duplicateRate: 0.1 } },
});

function record(index: number): GeneratedRecord {
  return {
    id: `r-${index}`,
    status: "accepted",
    data: { text: texts[index], label: labels[index] },
    provenance: {
      runId: "run-1",
      round: 1,
      slotIndex: index,
      attempt: 0,
      cell: { label: labels[index]! },
      template: { id: "inline", version: "1" },
      messages: [{ role: "user", content: "write" }],
      model: { provider: "fake", id: "fake" },
      sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, seed: index },
      fewShot: [],
      strategy: "plain",
      rawOutput: "{}",
      usage: { inputTokens: 1, outputTokens: 1 },
      timing: { startedAt: `2026-01-01T00:00:0${index}.000Z`, durationMs: 1 },
    },
    decisions: [],
  };
}

let directory: string;
let store: SqliteStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-quality-"));
  store = openStore(path.join(directory, "store.sqlite"));
  store.ensureRun({ id: "run-1", recipeName: "demo", recipeHash: "h", recipe, target: 8 });
  store.putPlan(
    "run-1",
    labels.map((label, index) => ({ index, cell: { label } })),
  );
  for (let index = 0; index < texts.length; index += 1) store.putRecord(record(index));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("runQualityChecks", () => {
  it("rejects duplicates, contradictions and PII with reasons, and a rerun changes nothing", async () => {
    const first = await runQualityChecks({ store, runId: "run-1", recipe, round: 1 });
    const reasons = Object.fromEntries(
      store.listRecords("run-1", { status: "rejected" }).map((entry) => [entry.id, entry.reason]),
    );
    expect(reasons["r-2"]).toMatch(/^near-duplicate of r-0/);
    expect(reasons["r-4"]).toBe("sensitive: china-mobile");
    expect(reasons["r-5"]).toBe("duplicate: same text as r-1");
    // r-3 (positive) and r-7 (negative) say the same thing with different labels and no majority.
    expect(reasons["r-3"]).toMatch(/^contradiction/);
    expect(reasons["r-7"]).toMatch(/^contradiction/);
    expect(first.rejected.map((entry) => entry.recordId).sort()).toEqual(["r-2", "r-3", "r-4", "r-5", "r-7"]);
    expect(first.report.counts.accepted).toBe(3);
    expect(first.report.filters.sensitive.hitsByType).toEqual({ "china-mobile": 1 });
    const decisions = store.listDecisions("run-1").length;

    const second = await runQualityChecks({ store, runId: "run-1", recipe, round: 1 });
    expect(second.rejected).toEqual([]);
    expect(second.restored).toEqual([]);
    expect(store.listDecisions("run-1")).toHaveLength(decisions);
    expect(second.report.counts).toEqual(first.report.counts);
    expect(
      store
        .listArtifacts("run-1", "quality-report")
        .map((artifact) => artifact.name)
        .sort(),
    ).toEqual(["latest", "round-1"]);
  });

  it("reports label balance against the plan and fails the duplicate gate by name", async () => {
    const { report } = await runQualityChecks({ store, runId: "run-1", recipe, round: 1 });
    const planned = report.metrics.labels!.values.find((entry) => entry.value === "positive")!;
    expect(planned.planned).toBe(3);
    expect(report.duplicateRate).toBeCloseTo(2 / 8, 12);
    expect(() => assertGates(report.gates)).toThrow(GateFailedError);
    expect(() => assertGates(report.gates)).toThrow(/duplicateRate is 0\.25, needs <= 0\.1/);
  });
});
