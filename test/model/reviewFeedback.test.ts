// A real run with the default teacher, reviewed, then run again: the round after the review
// regenerates the records marked wrong with the reviewers' reasons in the prompt and the
// reviewed records (the fixed one included) as few-shot examples, and the report's spot-check
// and gate read the verdicts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import type { SynthforgeEvent } from "../../src/core/events.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runIdFor } from "../../src/pipeline/run/runIdFor.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { createQualityHook } from "../../src/pipeline/verify/createQualityHook.js";
import type { QualityReport } from "../../src/quality/QualityReport.js";
import { applyVerdicts } from "../../src/review/applyVerdicts.js";
import { ensureSpotCheckSample, readSpotCheckSample } from "../../src/review/spotCheckSample.js";
import { openStore } from "../../src/store/openStore.js";
import type { SqliteStore } from "../../src/store/SqliteStore.js";

const recipeText = `
name: feedback-test
description: Short reviews with a sentiment label.
model: { parallel: 2, contextSize: 1024 }
output:
  schema:
    type: object
    properties:
      text: { type: string, minLength: 10, maxLength: 240 }
      label: { type: string, enum: [positive, negative] }
    required: [text, label]
    additionalProperties: false
  labelField: label
dimensions:
  label: [positive, negative]
  domain: [restaurant, kitchen appliance]
plan: { count: 8, seed: 5 }
template:
  id: classification-sentiment-en
  variables: { length: one sentence }
generation: { maxTokens: 64, maxAttempts: 3, seed: 9 }
strategies: { rounds: { maximum: 3 } }
judge: { enabled: false }
export: { formats: [jsonl] }
`;

let directory: string;
let store: SqliteStore;
const events: SynthforgeEvent[] = [];
const reports: QualityReport[] = [];
let wrongIds: string[] = [];
let fixed: { id: string; text: string; label: string };

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-feedback-model-"));
  const loaded = parseRecipe(recipeText, path.join(directory, "feedback-test.yaml"));
  const runId = runIdFor(loaded);
  store = openStore(path.join(directory, "store.sqlite"));
  const options = {
    store,
    config: configFromEnvironment(),
    cwd: directory,
    skipExport: true,
    hooks: [
      createQualityHook({
        reportDirectory: path.join(directory, "report"),
        enforceGates: false,
        onReport: (report) => reports.push(report),
      }),
    ],
  };
  await runRecipe(loaded, options);
  // The reviewer, through the same stage the review app calls: 2 wrong with reasons (the
  // first two of the sample: one condition), and a record of the other label fixed to theirs.
  const { sample } = ensureSpotCheckSample(store, runId, loaded.recipe);
  expect(sample.ids).toHaveLength(8); // fewer than the minimum of 30: every record
  const labelOf = (id: string) => String(store.getRecord(id)!.data!.label);
  const [first, second] = sample.ids;
  const label = labelOf(first!);
  const third = sample.ids.find((id) => labelOf(id) !== label)!;
  fixed = { id: third, text: "Reviewer-fixed example: the staff ignored us for an hour.", label };
  wrongIds = [first!, second!];
  applyVerdicts(
    { store, runId, recipe: loaded.recipe, reviewable: new Set(sample.ids) },
    {
      verdicts: [
        { recordId: first, verdict: "wrong", reason: "off topic: not about the product" },
        { recordId: second, verdict: "wrong", reason: "unnatural or machine-like" },
        { recordId: third, verdict: "wrong", reason: "wrong label", corrected: { label, text: fixed.text } },
        ...sample.ids
          .filter((id) => id !== first && id !== second && id !== third)
          .map((recordId) => ({ recordId, verdict: "correct" })),
      ],
    },
    new Date().toISOString(),
  );
  reports.length = 0;
  await runRecipe(loaded, { ...options, events: (event: SynthforgeEvent) => events.push(event) });
}, 2_400_000);

afterAll(() => {
  store?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("a round after a review (default model)", () => {
  it("says what it takes from the review", () => {
    const said = events.flatMap((event) => (event.type === "log" ? [event.message] : []));
    expect(said.find((message) => message.startsWith("Review feedback:"))).toBe(
      "Review feedback: 3 of 8 reviewed records were marked wrong (off topic ×1, unnatural or machine-like ×1, wrong label ×1); regenerating 3 of them; the prompts carry the reviewers' reasons; 6 reviewed records (confirmed or fixed) are few-shot examples.",
    );
  });

  it("regenerates the wrong records with the reasons in the prompt and the reviewed exemplars", () => {
    const runId = store.listRuns()[0]!.id;
    for (const id of [...wrongIds, fixed.id]) expect(store.getRecord(id)!.status).toBe("rejected");
    // Every attempt of the round after the review, accepted or not (the small teacher sometimes
    // copies an example, which the leak check rejects), was prompted with the review.
    const later = store.listRecords(runId).filter((record) => record.provenance.round > 1);
    expect(later.length).toBeGreaterThanOrEqual(3);
    expect(new Set(later.map((record) => record.provenance.slotIndex)).size).toBe(3);
    for (const record of later) {
      const prompt = record.provenance.messages.map((message) => message.content).join("\n");
      expect(prompt).toContain(
        "Reviewers marked earlier outputs wrong for these reasons: off topic (1); unnatural or machine-like (1); wrong label (1). Avoid these mistakes.",
      );
      expect(record.provenance.fewShot[0]).toMatch(/^review:/);
    }
    // The fixed version is shown first to every slot of its corrected label.
    const ofFixedLabel = later.filter((record) => record.provenance.cell.label === fixed.label);
    expect(ofFixedLabel.length).toBeGreaterThanOrEqual(2);
    for (const record of ofFixedLabel) {
      expect(record.provenance.fewShot[0]).toBe(`review:${fixed.id}`);
      expect(record.provenance.messages.map((message) => message.content).join("\n")).toContain(fixed.text);
    }
    const accepted = later.filter((record) => record.status === "accepted");
    console.warn(
      `review feedback (model tier): ${accepted.length} of 3 slots refilled in ${later.length} attempts; rejected: ${JSON.stringify(store.countRecords(runId).rejectedByReason)}`,
    );
  });

  it("re-samples, and the report's spot-check and gate read the verdicts", () => {
    const runId = store.listRuns()[0]!.id;
    const sample = readSpotCheckSample(store, runId)!;
    const reviews = new Map(store.listReviews(runId).map((review) => [review.recordId, review]));
    // Each refilled slot's new record took the wrong one's place in the sample, unreviewed.
    const refilled = store
      .listRecords(runId, { status: "accepted" })
      .filter((record) => record.provenance.round > 1).length;
    expect(sample.replaced ?? []).toHaveLength(refilled);
    const reviewed = sample.ids.filter((id) => reviews.has(id));
    const report = reports.at(-1)!;
    expect(report.spotCheck).toMatchObject({
      sampled: 8,
      reviewed: reviewed.length,
      wrong: reviewed.filter((id) => reviews.get(id)!.verdict === "wrong").length,
    });
    expect(report.gates.find((gate) => gate.gate === "spotCheckErrorRate")?.status).toBe(
      refilled === 3 ? "pass" : "fail",
    );
  });
});
