import type { EventSink } from "../../core/events.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";
import { ensureSpotCheckSample, readSpotCheckSample } from "../../review/spotCheckSample.js";
import { type ReviewFeedback, summarizeReviewFeedback } from "../../review/summarizeReviewFeedback.js";
import type { Store } from "../../store/Store.js";
import type { RoundHook } from "./RoundHook.js";

/** The feedback of the run's human review, or undefined when the run has no verdicts yet. */
export function loadReviewFeedback(store: Store, runId: string, recipe: Recipe): ReviewFeedback | undefined {
  if (store.getRun(runId) === undefined) return undefined;
  const reviews = store.listReviews(runId);
  if (reviews.length === 0) return undefined;
  return summarizeReviewFeedback(store.listRecords(runId), reviews, recipe);
}

/**
 * Rejects the records the review sends back (marked wrong, or unreviewed in a cell with a high
 * error rate) in one transaction, each with a `human-review` decision, which re-opens their
 * slots for the coming rounds; and says what the next round takes from the review.
 */
export function applyReviewFeedback(
  store: Store,
  runId: string,
  feedback: ReviewFeedback,
  events: EventSink,
  target: number,
): void {
  store.transaction(() => {
    for (const { recordId, reason } of feedback.regenerate) {
      store.setRecordStatus(recordId, "rejected", reason);
      store.putDecisions(runId, [{ recordId, check: "human-review", decision: "reject", reason }]);
    }
  });
  // Said when the coming rounds have work to do, which is when the feedback is used.
  if (store.countRecords(runId).accepted >= target) return;
  const wrongAgain = feedback.regenerate.filter(
    (entry) => !entry.reason.startsWith("human-review-cell"),
  ).length;
  const inCells = feedback.regenerate.length - wrongAgain;
  const parts = [
    `${feedback.wrong} of ${feedback.reviewed} reviewed records were marked wrong${
      feedback.reasons.length > 0
        ? ` (${feedback.reasons.map((entry) => `${entry.reason} ×${entry.count}`).join(", ")})`
        : ""
    }`,
    feedback.regenerate.length > 0
      ? `regenerating ${wrongAgain} of them${inCells > 0 ? ` and ${inCells} unreviewed records of ${feedback.highErrorCells.length} cell${feedback.highErrorCells.length === 1 ? "" : "s"} with a high error rate` : ""}`
      : undefined,
    feedback.prompt.guidance === undefined ? undefined : "the prompts carry the reviewers' reasons",
    feedback.prompt.exemplars.length > 0
      ? `${feedback.prompt.exemplars.length} reviewed records (confirmed or fixed) are few-shot examples`
      : undefined,
  ].filter((part) => part !== undefined);
  events({ type: "log", level: "info", message: `Review feedback: ${parts.join("; ")}.` });
}

/**
 * After each round, before the quality checks: sampled records that were regenerated are
 * replaced in the spot-check sample by their slots' new records (re-sampled), so the error rate
 * and its gate count the records now in the dataset, and the new ones get reviewed.
 */
export function createSampleRefreshHook(recipe: Recipe): RoundHook {
  return {
    name: "spot-check sample",
    afterRound({ store, runId, events }) {
      if (readSpotCheckSample(store, runId) === undefined) return;
      const { replaced } = ensureSpotCheckSample(store, runId, recipe);
      if (replaced > 0) {
        events({
          type: "log",
          level: "info",
          message: `${replaced} records of the spot-check sample were regenerated; their new versions wait for review (\`synthforge review serve\`).`,
        });
      }
    },
  };
}
