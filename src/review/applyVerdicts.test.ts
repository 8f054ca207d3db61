import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fillStore } from "../../test/support/fillStore.js";
import { recipeSchema } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { applyVerdicts, maxVerdictSeconds, undoVerdicts } from "./applyVerdicts.js";
import { ReviewRequestError } from "./ReviewRequestError.js";
import { buildReviewQueue } from "./reviewQueue.js";
import { ensureSpotCheckSample } from "./spotCheckSample.js";

let directory: string;
let store: SqliteStore;
let runId: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-verdicts-"));
  const file = path.join(directory, "store.sqlite");
  runId = fillStore(file, { accepted: 100, rejected: 4 });
  store = openStore(file);
});
afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

const recipe = () => recipeSchema.parse(store.getRun(runId)!.recipe);
const target = () => {
  const { sample } = ensureSpotCheckSample(store, runId, recipe());
  return { store, runId, recipe: recipe(), reviewable: new Set(sample.ids) };
};
const refusal = (work: () => unknown): ReviewRequestError => {
  try {
    work();
  } catch (error) {
    if (error instanceof ReviewRequestError) return error;
    throw error;
  }
  throw new Error("expected a ReviewRequestError");
};

describe("applyVerdicts", () => {
  it("stores a batch in one transaction and refuses a batch with one bad verdict entirely", () => {
    const verdictTarget = target();
    const [a, b, c] = [...verdictTarget.reviewable];
    const events = applyVerdicts(
      verdictTarget,
      {
        verdicts: [
          { recordId: a, verdict: "correct", reviewer: "李雷" },
          { recordId: b, verdict: "wrong", reason: "wrong label: 其实是差评" },
        ],
      },
      "t1",
    );
    expect(events).toHaveLength(2);
    expect(
      store.listReviews(runId).map((review) => [review.recordId, review.verdict, review.reviewer]),
    ).toEqual([
      [a, "correct", "李雷"],
      [b, "wrong", undefined],
    ]);
    const before = JSON.stringify(store.listReviewEvents(runId));
    const error = refusal(() =>
      applyVerdicts(
        verdictTarget,
        {
          verdicts: [
            { recordId: c, verdict: "correct" },
            { recordId: c!, verdict: "wrong" },
          ],
        },
        "t2",
      ),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/\(verdict 2\) marks record .* wrong without a reason/);
    expect(JSON.stringify(store.listReviewEvents(runId))).toBe(before);
  });

  it("refuses records outside the queue, unknown records and a fix the recipe does not allow", () => {
    const verdictTarget = target();
    const [a] = [...verdictTarget.reviewable];
    const outside = store
      .listRecords(runId, { status: "accepted" })
      .find((record) => !verdictTarget.reviewable.has(record.id))!.id;
    expect(
      refusal(() =>
        applyVerdicts(verdictTarget, { verdicts: [{ recordId: outside, verdict: "correct" }] }, "t"),
      ).status,
    ).toBe(409);
    expect(
      refusal(() =>
        applyVerdicts(verdictTarget, { verdicts: [{ recordId: "nope", verdict: "correct" }] }, "t"),
      ).status,
    ).toBe(404);
    const fix = (corrected: unknown, verdict = "wrong") =>
      refusal(() =>
        applyVerdicts(
          verdictTarget,
          { verdicts: [{ recordId: a, verdict, reason: "wrong label", corrected }] },
          "t",
        ),
      );
    expect(fix({ label: "neutral" }).message).toMatch(/expected one of "positive", "negative"/);
    expect(fix({ label: "positive" }, "correct").message).toMatch(/marks it correct/);
    expect(fix({ text: "" }).message).toMatch(/empty/);
    expect(refusal(() => applyVerdicts(verdictTarget, { verdicts: [] }, "t")).message).toMatch(
      /at least one verdict/,
    );
    expect(refusal(() => applyVerdicts(verdictTarget, "nope", "t")).status).toBe(400);
    expect(store.listReviewEvents(runId)).toEqual([]);
  });

  it("stores each verdict's review seconds and refuses seconds that are not a sane review time", () => {
    const verdictTarget = target();
    const [a, b, c] = [...verdictTarget.reviewable];
    applyVerdicts(
      verdictTarget,
      {
        verdicts: [
          { recordId: a, verdict: "correct", seconds: 7.25 },
          { recordId: b, verdict: "correct" },
        ],
      },
      "t1",
    );
    expect(store.listReviews(runId).map((review) => [review.recordId, review.seconds])).toEqual([
      [a, 7.25],
      [b, undefined],
    ]);
    expect(store.listReviewEvents(runId).map((event) => event.seconds)).toEqual([7.25, undefined]);
    const timed = (seconds: unknown) =>
      refusal(() =>
        applyVerdicts(verdictTarget, { verdicts: [{ recordId: c, verdict: "correct", seconds }] }, "t2"),
      );
    expect(timed(-1).message).toMatch(/seconds.*at least 0/);
    expect(timed(maxVerdictSeconds + 1).message).toMatch(/seconds.*at most 3600/);
    expect(timed("12").message).toMatch(/seconds.*a number of seconds/);
    expect(timed(Number.NaN).status).toBe(400);
    expect(store.listReviewEvents(runId)).toHaveLength(2);
  });

  it("keeps a fix as a new version and undoes verdicts, all or none", () => {
    const verdictTarget = target();
    const [a, b] = [...verdictTarget.reviewable];
    const original = store.getRecord(a!)!.data!;
    const flipped = original.label === "positive" ? "negative" : "positive";
    const [fixEvent] = applyVerdicts(
      verdictTarget,
      {
        verdicts: [
          {
            recordId: a,
            verdict: "wrong",
            reason: "wrong label",
            corrected: { label: flipped, text: "改过的文字" },
          },
        ],
      },
      "t1",
    );
    const [other] = applyVerdicts(verdictTarget, { verdicts: [{ recordId: b, verdict: "correct" }] }, "t2");
    expect(store.listReviews(runId)[0]!.corrected).toEqual({
      ...original,
      label: flipped,
      text: "改过的文字",
    });
    expect(store.getRecord(a!)!.data).toEqual(original);
    const error = refusal(() => undoVerdicts(store, runId, { events: [other, 12345] }));
    expect(error.status).toBe(409);
    expect(store.listReviews(runId)).toHaveLength(2);
    undoVerdicts(store, runId, { events: [fixEvent, other] });
    expect(store.listReviews(runId)).toEqual([]);
  });
});

describe("ensureSpotCheckSample and buildReviewQueue", () => {
  it("replaces a regenerated record of the sample by its slot's new record, and puts the given records first", () => {
    const { sample, drawn } = ensureSpotCheckSample(store, runId, recipe());
    expect(drawn).toBe(true);
    expect(sample.ids).toHaveLength(30);
    expect(ensureSpotCheckSample(store, runId, recipe())).toMatchObject({ drawn: false, replaced: 0 });
    // A later round regenerates one sampled record: its slot gets a new accepted record.
    const old = store.getRecord(sample.ids[0]!)!;
    store.setRecordStatus(old.id, "rejected", "human-review");
    const regenerated: GeneratedRecord = {
      ...old,
      id: `${old.id}-again`,
      status: "accepted",
      data: { ...old.data, text: "A new text." },
      provenance: { ...old.provenance, round: 2, attempt: 1 },
    };
    store.putRecord(regenerated);
    const refreshed = ensureSpotCheckSample(store, runId, recipe());
    expect(refreshed.replaced).toBe(1);
    expect(refreshed.sample.ids[0]).toBe(regenerated.id);
    expect(refreshed.sample.ids.slice(1)).toEqual(sample.ids.slice(1));

    const outside = store
      .listRecords(runId, { status: "accepted" })
      .filter((record) => !refreshed.sample.ids.includes(record.id))
      .slice(0, 2)
      .map((record) => record.id);
    const queue = buildReviewQueue(store.listRecords(runId), refreshed.sample.ids, [], recipe(), {
      first: [outside[1]!, refreshed.sample.ids[3]!, old.id, outside[0]!],
    });
    // Rejected records are left out; a sampled record put first is not listed twice.
    expect(queue.items.slice(0, 3).map((item) => [item.id, item.first])).toEqual([
      [outside[1], true],
      [refreshed.sample.ids[3], true],
      [outside[0], true],
    ]);
    expect(queue.items).toHaveLength(32);
    expect(queue.labels).toEqual(["positive", "negative"]);
  });
});
