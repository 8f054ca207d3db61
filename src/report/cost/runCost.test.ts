import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GeneratedRecord } from "../../core/record.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { formatRunCost, runCost } from "./runCost.js";

let directory: string;
let store: SqliteStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-cost-"));
  store = openStore(path.join(directory, "store.sqlite"));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function record(index: number, status: "accepted" | "rejected"): GeneratedRecord {
  return {
    id: `rec_${index}`,
    status,
    data: { text: `record ${index}`, label: "a" },
    provenance: {
      runId: "run",
      round: 1,
      slotIndex: index,
      attempt: 0,
      cell: { label: "a" },
      template: { id: "t", version: "1" },
      messages: [{ role: "user", content: "Write." }],
      model: { provider: "openai-compatible", id: "gpt-4o-mini" },
      sampling: { temperature: 1, topP: 1, topK: 0, maxTokens: 64, seed: index },
      fewShot: [],
      strategy: "plain",
      rawOutput: "{}",
      usage: { inputTokens: 100, outputTokens: 20 },
      timing: { startedAt: new Date().toISOString(), durationMs: 10 },
    },
    decisions: [],
  };
}

function run(cost?: Record<string, unknown>) {
  store.ensureRun({
    id: "run",
    recipeName: "demo",
    recipeHash: "h",
    recipe: { name: "demo", ...(cost === undefined ? {} : { cost }) },
    target: 4,
  });
  store.putPlan(
    "run",
    [0, 1, 2, 3, 4].map((index) => ({ index, cell: { label: "a" } })),
  );
  store.startRound("run", 1);
  for (const index of [0, 1, 2, 3]) store.putRecord(record(index, "accepted"));
  store.putRecord(record(4, "rejected"));
  store.endRound("run", 1, { accepted: 4, cpuSeconds: 12.5, tokenCost: 0.002 });
}

describe("runCost", () => {
  it("sums the rounds' CPU and token cost, every record's tokens, and compares with labelling by hand", () => {
    run({ currency: "CNY", computePerHour: 3600, manualPerRecord: 50 });
    store.putArtifact("run", "training-job", "student", { wallSeconds: 30, cpuSeconds: 55 });
    const cost = runCost(store, "run");
    expect(cost.currency).toBe("CNY");
    expect(cost.accepted).toBe(4);
    expect(cost.generation).toMatchObject({ rounds: 1, cpuSeconds: 12.5, tokenCost: 0.002, modelCalls: 5 });
    expect(cost.generation.inputTokens).toBe(500);
    expect(cost.generation.outputTokens).toBe(100);
    expect(cost.training).toEqual({ jobs: 1, wallSeconds: 30, cpuSeconds: 55 });
    // 3600 an hour is 1 a second: the round's wall seconds plus the 30 s of training.
    expect(cost.computeCost).toBeCloseTo(cost.generation.wallSeconds + 30, 6);
    expect(cost.total).toBeCloseTo(cost.computeCost! + 0.002, 6);
    expect(cost.perAcceptedRecord).toBeCloseTo(cost.total! / 4, 6);
    expect(cost.manual).toEqual({ perRecord: 50, total: 200, basis: "recipe" });
    expect(cost.savedShare).toBeCloseTo(1 - cost.total! / 200, 6);
    const text = formatRunCost(cost).join("\n");
    expect(text).toContain("by hand     50 CNY a record, 200.00 CNY for 4; saved");
    expect(text).toContain("1 jobs, 30.0 s wall, 55.0 s CPU");
  });

  it("prices a hand label from seconds and an hourly rate, and says what has no price", () => {
    run({ manualSecondsPerRecord: 36, labourPerHour: 100 });
    const cost = runCost(store, "run");
    expect(cost.manual).toEqual({ perRecord: 1, total: 4, basis: "recipe" });
    expect(cost.computeCost).toBeNull();
    expect(cost.total).toBeCloseTo(0.002, 6);
    expect(cost.training.cpuSeconds).toBeNull();
  });

  it("counts the review app's measured seconds per verdict, prices them, and labels by hand at that rate without a recipe rate", () => {
    run({ labourPerHour: 36 });
    // Three timed verdicts (one later undone and replaced: its time was still spent) and one from a file.
    const undone = store.addReview("run", {
      recordId: "rec_0",
      verdict: "correct",
      reviewedAt: "t",
      seconds: 4,
    });
    store.undoReview("run", undone.id);
    store.addReview("run", {
      recordId: "rec_0",
      verdict: "wrong",
      reason: "x",
      reviewedAt: "t",
      seconds: 10,
    });
    store.addReview("run", { recordId: "rec_1", verdict: "correct", reviewedAt: "t", seconds: 6 });
    store.addReview("run", { recordId: "rec_2", verdict: "correct", reviewedAt: "t" });
    const cost = runCost(store, "run");
    // 36 an hour is 0.01 a second.
    expect(cost.review).toMatchObject({ verdicts: 3, timed: 3, seconds: 20, medianSeconds: 6 });
    expect(cost.review.cost).toBeCloseTo(0.2, 9);
    expect(cost.total).toBeCloseTo(0.002 + 0.2, 6);
    expect(cost.manual?.basis).toBe("measured review");
    expect(cost.manual?.perRecord).toBeCloseTo(0.06, 9);
    expect(cost.manual?.total).toBeCloseTo(0.24, 9);
    expect(cost.savedShare).toBeCloseTo(1 - 0.202 / 0.24, 6);
    const text = formatRunCost(cost).join("\n");
    expect(text).toContain(
      "review      3 verdicts; 3 timed by the review app, 20.0 s in all, median 6.0 s a verdict: 0.2000 USD",
    );
    expect(text).toContain("by hand     0.06 USD a record (at the measured 6.0 s a verdict: a lower bound)");
    // The recipe's own rate, when it states one, is what the hand labelling is priced at.
    store.close();
    rmSync(directory, { recursive: true, force: true });
    directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-cost-"));
    store = openStore(path.join(directory, "store.sqlite"));
    run({ labourPerHour: 36, manualSecondsPerRecord: 30 });
    store.addReview("run", { recordId: "rec_1", verdict: "correct", reviewedAt: "t", seconds: 6 });
    expect(runCost(store, "run").manual).toMatchObject({ basis: "recipe", perRecord: (30 / 3600) * 36 });
  });

  it("says when no verdict was timed", () => {
    run({ labourPerHour: 36 });
    store.addReview("run", { recordId: "rec_1", verdict: "correct", reviewedAt: "t" });
    const cost = runCost(store, "run");
    expect(cost.review).toEqual({ verdicts: 1, timed: 0, seconds: 0, medianSeconds: null, cost: null });
    expect(cost.manual).toBeNull();
    expect(formatRunCost(cost).join("\n")).toContain("review      1 verdict, none timed by the review app");
  });

  it("times a run without timed rounds (an annotation) by its model calls", () => {
    store.ensureRun({ id: "run", recipeName: "demo", recipeHash: "h", recipe: {}, target: 2 });
    store.putPlan(
      "run",
      [0, 1].map((index) => ({ index, cell: { label: "a" } })),
    );
    for (const index of [0, 1]) store.putRecord(record(index, "accepted"));
    const cost = runCost(store, "run");
    expect(cost.generation.timedBy).toBe("model calls");
    expect(cost.generation.wallSeconds).toBeCloseTo(0.02, 6);
    expect(formatRunCost(cost)[1]).toContain("0.0 s of model calls");
  });

  it("has no money figures for a self-hosted model without prices", () => {
    store.ensureRun({ id: "run", recipeName: "demo", recipeHash: "h", recipe: {}, target: 1 });
    const cost = runCost(store, "run");
    expect(cost.total).toBeNull();
    expect(cost.savedShare).toBeNull();
    expect(cost.generation.cpuSeconds).toBeNull();
    expect(formatRunCost(cost).join("\n")).toContain("total no price");
  });
});
