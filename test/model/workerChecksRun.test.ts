// The worker checks inside a run's quality stage (what `run` does after each round and
// `check --recipe` does again): a fragment is rejected with reason `syntax` and its decision is
// stored, BERTScore of the recipe's field pair is in the stored report, and a rerun changes
// nothing.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recipeSchema } from "../../src/core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../../src/core/record.js";
import type { QualityReport } from "../../src/quality/QualityReport.js";
import { runQualityChecks } from "../../src/quality/runQualityChecks.js";
import { openStore } from "../../src/store/openStore.js";

const pairs: [string, string][] = [
  ["The food was great and the staff were friendly.", "The meal was excellent and the waiters were kind."],
  ["I will never come back here.", "I am not returning to this place ever."],
  ["The pasta was cold and bland.", "The noodles were bland and not warm."],
  ["Service was quick.", "They served us fast."],
  ["Our waitress forgot the drinks twice.", "The server failed to bring our drinks two times."],
  ["A table by the window.", "We sat at a table by the window."],
];

const recipe = recipeSchema.parse({
  name: "paraphrases",
  output: {
    schema: {
      type: "object",
      properties: { text: { type: "string" }, source: { type: "string" } },
      required: ["text", "source"],
    },
  },
  plan: { count: pairs.length },
  template: { prompt: "Paraphrase {{ source }}." },
  quality: {
    bertScore: { pairs: [["text", "source"]] },
    syntax: true,
    gates: { entropy: null, domainTermRatio: null, duplicateRate: null, bertScore: 0.5 },
  },
});

function record(index: number): GeneratedRecord {
  const [text, source] = pairs[index]!;
  return {
    id: `r-${index}`,
    status: "accepted",
    data: { text, source },
    provenance: {
      runId: "run-1",
      round: 1,
      slotIndex: index,
      attempt: 0,
      cell: {},
      template: { id: "inline", version: "1" },
      messages: [{ role: "user", content: "Paraphrase the sentence you are given." }],
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

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-worker-run-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("the worker checks in a run's quality stage", () => {
  it("stores the syntax rejection and the BERTScore report, and a rerun changes nothing", async () => {
    const store = openStore(path.join(directory, "store.sqlite"));
    try {
      store.ensureRun({
        id: "run-1",
        recipeName: "paraphrases",
        recipeHash: "h",
        recipe,
        target: pairs.length,
      });
      store.putPlan(
        "run-1",
        pairs.map((_, index) => ({ index, cell: {} })),
      );
      for (let index = 0; index < pairs.length; index += 1) store.putRecord(record(index));

      const first = await runQualityChecks({ store, runId: "run-1", recipe, round: 1 });
      expect(first.rejected).toEqual([{ recordId: "r-5", slotIndex: 5, reason: "syntax" }]);
      expect(store.listRecords("run-1", { status: "rejected" }).map((entry) => entry.reason)).toEqual([
        "syntax",
      ]);
      const syntaxDecisions = store.listDecisions("run-1").filter((decision) => decision.check === "syntax");
      expect(syntaxDecisions).toHaveLength(pairs.length);
      expect(
        syntaxDecisions.filter((decision) => decision.decision === "reject").map((d) => d.recordId),
      ).toEqual(["r-5"]);
      const stored = store
        .listArtifacts("run-1", "quality-report")
        .find((artifact) => artifact.name === "latest")!.value as QualityReport;
      expect(stored.bertScore?.pairs).toBe(pairs.length - 1);
      expect(stored.bertScore!.margin!).toBeGreaterThan(0.2);
      expect(stored.gates.find((gate) => gate.gate === "bertScore")?.status).toBe("pass");
      // The threshold calibrated for all-MiniLM-L6-v2 travels with the report (the gate's when
      // the recipe sets none; this recipe sets 0.5 itself).
      expect(stored.bertScore?.encoderThreshold).toBe(0.5);
      expect(stored.counts.rejectedByReason.syntax).toBe(1);

      const decisions = store.listDecisions("run-1").length;
      const second = await runQualityChecks({ store, runId: "run-1", recipe, round: 1 });
      expect(second.rejected).toEqual([]);
      expect(second.restored).toEqual([]);
      expect(store.listDecisions("run-1")).toHaveLength(decisions);
      expect(second.report.bertScore?.meanF1).toBeCloseTo(first.report.bertScore!.meanF1!, 6);
    } finally {
      store.close();
    }
  }, 600_000);
});
