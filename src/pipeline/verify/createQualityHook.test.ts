import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storedRecord } from "../../../test/fixtures/quality/storedRecord.js";
import { configFromEnvironment } from "../../core/config.js";
import { GateFailedError } from "../../core/errors/GateFailedError.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { emptyGenerationStats, type generateRecords } from "../../generate/generateRecords.js";
import type { LanguageModel } from "../../providers/LanguageModel.js";
import type { QualityReport } from "../../quality/QualityReport.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { runRecipe } from "../run/runRecipe.js";
import { createQualityHook } from "./createQualityHook.js";

// The generation stage is replaced by one that stores existing texts in the open slots, so the
// quality hook runs inside the real run loop with no model involved.
const texts = [
  "The noodles arrived hot and the broth was rich, I will order again next week",
  "Delivery took two hours and the rice was cold and hard when it arrived",
  "The noodles arrived hot and the broth was rich, I will order again next week!",
  "Friendly driver, neat packaging, and the dumplings were perfect as always",
  "Delivery took two hours and the rice was cold and hard when it arrived",
  "Too salty, the soup was mostly oil and the portion was tiny for the price",
  "Great value for money, the curry had real depth and the naan was fresh",
  "The order was missing the drinks and nobody answered the phone at the shop",
];

function recipeSource(entropyGate: number): string {
  return `name: hook-demo
output:
  schema:
    type: object
    properties:
      text: {type: string}
      topic: {type: string}
  textField: text
plan:
  count: 6
template:
  prompt: "Write a review."
strategies:
  rounds:
    maximum: 3
quality:
  gates:
    entropy: ${entropyGate}
    duplicateRate: null
`;
}

const unusedModel: LanguageModel = {
  identity: { provider: "none", id: "stored-records" },
  parallelism: 1,
  generate: () => Promise.reject(new Error("this test's stage stores texts; it never calls a model")),
  dispose: () => Promise.resolve(),
};

function storedTextsStage(): typeof generateRecords {
  let next = 0;
  return async (slots, options) => {
    const stats = emptyGenerationStats();
    for (const slot of slots) {
      if (options.accepted + stats.accepted >= options.target || next >= texts.length) break;
      options.store.putRecord(
        storedRecord({
          runId: options.runId,
          round: options.round,
          slotIndex: slot.index,
          data: { text: texts[next++]!, topic: "food" },
          cell: slot.cell,
        }),
      );
      stats.accepted += 1;
    }
    return stats;
  };
}

let directory: string;
let store: SqliteStore;
beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-hook-"));
  store = openStore(path.join(directory, "store.sqlite"));
});
afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("createQualityHook in runRecipe", () => {
  it("rejects duplicates after round 1, refills their slots in round 2, and writes the report by the export", async () => {
    const loaded = parseRecipe(recipeSource(3.8), path.join(directory, "recipe.yaml"));
    const reports: QualityReport[] = [];
    const out = path.join(directory, "out");
    const summary = await runRecipe(loaded, {
      store,
      model: unusedModel,
      config: configFromEnvironment(),
      stage: storedTextsStage(),
      hooks: [
        createQualityHook({
          cwd: directory,
          reportDirectory: "out",
          onReport: (report) => reports.push(report),
        }),
      ],
      outDir: out,
    });
    expect(reports.map((report) => report.counts.rejectedByReason)).toEqual([
      { duplicate: 1, "near-duplicate": 1 },
      { duplicate: 1, "near-duplicate": 1 },
    ]);
    expect(summary.accepted).toBe(6);
    expect(store.listRounds(summary.runId).map((round) => round.summary?.["quality rejected"])).toEqual([
      2, 0,
    ]);
    const written = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as QualityReport;
    expect(written.trend.map((point) => point.round)).toEqual([1, 2]);
    expect(existsSync(path.join(out, "report.html"))).toBe(true);
    expect(existsSync(path.join(out, "data.jsonl"))).toBe(true);
  });

  it("fails the run naming the gate once the target is reached, after writing the report", async () => {
    const loaded = parseRecipe(recipeSource(20), path.join(directory, "recipe.yaml"));
    const out = path.join(directory, "failed");
    await expect(
      runRecipe(loaded, {
        store,
        model: unusedModel,
        config: configFromEnvironment(),
        stage: storedTextsStage(),
        hooks: [createQualityHook({ reportDirectory: out })],
        outDir: out,
      }),
    ).rejects.toThrow(GateFailedError);
    const written = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as QualityReport;
    expect(written.gates.find((gate) => gate.gate === "entropy")?.status).toBe("fail");
    expect(existsSync(path.join(out, "data.jsonl"))).toBe(false);
  });
});
