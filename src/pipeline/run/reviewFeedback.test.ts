import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewOutputYaml } from "../../../test/support/labelledRecipe.js";
import { configFromEnvironment } from "../../core/config.js";
import type { SynthforgeEvent } from "../../core/events.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { GenerateRequest } from "../../providers/LanguageModel.js";
import { ensureSpotCheckSample, readSpotCheckSample } from "../../review/spotCheckSample.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { runIdFor } from "./runIdFor.js";
import { runRecipe } from "./runRecipe.js";

let directory: string;
let store: SqliteStore;
const config = configFromEnvironment({});

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-feedback-"));
  store = openStore(path.join(directory, "store.sqlite"));
});
afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

const loaded = () =>
  parseRecipe(
    `
name: feedback
${reviewOutputYaml}dimensions:
  label: [positive, negative]
  domain: [restaurant, product]
plan: { count: 40, seed: 3 }
template:
  prompt: "Write a {{ label }} review of a {{ domain }}.{% for e in examples %} Example: {{ e.text }}{% endfor %}"
judge: { enabled: false }
export: { formats: [jsonl] }
`,
    path.join(directory, "feedback.yaml"),
  );

const follow = (request: GenerateRequest) => {
  const [, label, domain] = /Write a (\w+) review of a (\w+)/.exec(request.messages.at(-1)!.content)!;
  // Short, so that a text never repeats 5 words of a reviewed example shown in its prompt (a leak).
  return { text: `Seed ${request.sampling.seed}: ${label}, ${domain}.`, label };
};

describe("a run after a review", () => {
  it("regenerates the wrong records with the reasons in the prompt and reviewed exemplars, says so, and re-samples", async () => {
    const recipe = loaded();
    const runId = runIdFor(recipe);
    const model = createFakeModel({ respond: follow });
    await runRecipe(recipe, { store, model, config, cwd: directory, skipExport: true });
    const { sample } = ensureSpotCheckSample(store, runId, recipe.recipe);
    const [wrongOne, fixedOne, ...rest] = sample.ids;
    const fixed = store.getRecord(fixedOne!)!;
    const flipped = fixed.data!.label === "positive" ? "negative" : "positive";
    store.putReviews(runId, [
      {
        recordId: wrongOne!,
        verdict: "wrong",
        reason: "off topic: talks about the weather",
        reviewedAt: "t",
      },
      {
        recordId: fixedOne!,
        verdict: "wrong",
        reason: "wrong label",
        reviewedAt: "t",
        corrected: { ...fixed.data, label: flipped, text: "A corrected review text." },
      },
      ...rest.map((recordId) => ({ recordId, verdict: "correct" as const, reviewedAt: "t" })),
    ]);

    const events: SynthforgeEvent[] = [];
    const summary = await runRecipe(recipe, {
      store,
      model,
      config,
      cwd: directory,
      skipExport: true,
      events: (event) => events.push(event),
    });
    const regeneratedInCells = Object.entries(summary.rejectedByReason)
      .filter(([reason]) => reason.startsWith("human-review-cell"))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(summary.rejectedByReason).toMatchObject({
      "human-review: off topic": 1,
      "human-review: wrong label": 1,
    });
    expect(Object.keys(summary.rejectedByReason).every((reason) => reason.startsWith("human-review"))).toBe(
      true,
    );
    expect(summary.accepted).toBe(40);
    const said = events.flatMap((event) => (event.type === "log" ? [event.message] : []));
    expect(said).toContain(
      `Review feedback: 2 of 30 reviewed records were marked wrong (off topic ×1, wrong label ×1); regenerating 2 of them${regeneratedInCells > 0 ? ` and ${regeneratedInCells} unreviewed records of 1 cell with a high error rate` : ""}; the prompts carry the reviewers' reasons; 29 reviewed records (confirmed or fixed) are few-shot examples.`,
    );
    expect(said).toContain(
      "2 records of the spot-check sample were regenerated; their new versions wait for review (`synthforge review serve`).",
    );
    expect(store.getRecord(wrongOne!)).toMatchObject({
      status: "rejected",
      reason: "human-review: off topic",
    });
    expect(store.getRecord(fixedOne!)).toMatchObject({
      status: "rejected",
      reason: "human-review: wrong label",
    });
    const regenerated = store
      .listRecords(runId, { status: "accepted" })
      .filter((record) => record.provenance.round > 1);
    expect(regenerated).toHaveLength(2 + regeneratedInCells);
    for (const record of regenerated) {
      const prompt = record.provenance.messages.at(-1)!.content;
      expect(prompt).toContain(
        "Reviewers marked earlier outputs wrong for these reasons: off topic (1); wrong label (1).",
      );
      expect(record.provenance.fewShot.length).toBeGreaterThan(0);
      expect(record.provenance.fewShot.every((id) => id.startsWith("review:"))).toBe(true);
    }
    // The fixed version is an exemplar for the slots of its corrected label.
    const withFix = store
      .listRecords(runId)
      .filter((record) => record.provenance.fewShot.includes(`review:${fixedOne}`));
    for (const record of withFix) {
      expect(record.provenance.cell.label).toBe(flipped);
      expect(record.provenance.messages.at(-1)!.content).toContain("Example: A corrected review text.");
    }
    // Re-sampled: the regenerated records take the rejected ones' places in the sample.
    const refreshed = readSpotCheckSample(store, runId)!;
    expect(refreshed.ids).not.toContain(wrongOne);
    expect(refreshed.ids).toHaveLength(30);
    expect(refreshed.replaced).toHaveLength(2);
    // A rerun changes nothing more.
    const again = await runRecipe(recipe, { store, model, config, cwd: directory, skipExport: true });
    expect(again.accepted).toBe(40);
    expect(store.listRecords(runId)).toHaveLength(42 + regeneratedInCells);
  });
});
