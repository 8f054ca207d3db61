import { cellKey } from "../core/plan/cellKey.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { PromptFeedback } from "../core/review/reviewFeedback.js";
import { wilsonInterval } from "../core/stats/wilsonInterval.js";
import type { ReviewRow } from "../store/Store.js";

/** Reason code of records rejected because a reviewer marked them wrong. */
export const reviewRejectReason = "human-review";
/** Reason code of unreviewed records rejected because their cell's reviewed error rate is high. */
export const reviewCellRejectReason = "human-review-cell";

/** What a run's reviews mean for its next round. */
export interface ReviewFeedback {
  reviewed: number;
  wrong: number;
  /** Reasons of wrong verdicts (the listed reason, before any ": note"), most common first. */
  reasons: { reason: string; count: number }[];
  prompt: PromptFeedback;
  /** Accepted records to reject so that their slots are generated again, each with its reason. */
  regenerate: { recordId: string; reason: string }[];
  /** Cells with at least 2 wrong whose reviewed error rate is significantly over the gate (Wilson lower bound above it). */
  highErrorCells: { cell: Record<string, string>; reviewed: number; wrong: number }[];
}

/** Exemplars kept at most (corrected ones first, then confirmed ones in review order). */
const maximumExemplars = 50;

function reasonOf(review: ReviewRow): string {
  return review.reason?.split(/:\s/)[0]?.trim() || "no reason given";
}

function isChinese(language: string): boolean {
  return language.toLowerCase().split(/[-_]/)[0] === "zh";
}

/**
 * Turns a run's current verdicts into feedback for its next round: records marked wrong are
 * regenerated (and so are the unreviewed records, from the reviewed rounds, of cells with at
 * least 2 wrong whose error rate is significantly over the gate: the Wilson 95% lower bound
 * above `threshold`), the reasons and their counts become negative guidance in every prompt
 * (not the wrong texts themselves: the 0.5B teacher copied a quoted wrong text word for word,
 * which the leak check then rejected), and confirmed records, and the reviewers' fixed versions of wrong ones, become few-shot
 * exemplars. Deterministic, and idempotent across reruns: regenerated records are already
 * rejected, and records of later rounds are left to the next review.
 */
export function summarizeReviewFeedback(
  records: readonly GeneratedRecord[],
  reviews: readonly ReviewRow[],
  recipe: Recipe,
  threshold = recipe.quality.gates.spotCheckErrorRate ?? 0.015,
): ReviewFeedback {
  const byId = new Map(records.map((record) => [record.id, record]));
  const known = reviews.filter((review) => byId.has(review.recordId));
  const wrong = known.filter((review) => review.verdict === "wrong");
  const reasonCounts = new Map<string, number>();
  for (const review of wrong)
    reasonCounts.set(reasonOf(review), (reasonCounts.get(reasonOf(review)) ?? 0) + 1);
  const reasons = [...reasonCounts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

  const exemplars: PromptFeedback["exemplars"] = [];
  for (const review of known) {
    if (review.corrected) {
      exemplars.push({ id: `review:${review.recordId}`, fields: review.corrected, fixed: true });
    }
  }
  for (const review of known) {
    const record = byId.get(review.recordId)!;
    if (review.verdict === "correct" && record.status === "accepted" && record.data) {
      exemplars.push({ id: `review:${review.recordId}`, fields: record.data });
    }
  }

  const cells = new Map<
    string,
    { cell: Record<string, string>; reviewed: number; wrong: number; round: number }
  >();
  for (const review of known) {
    const record = byId.get(review.recordId)!;
    const key = cellKey(record.provenance.cell);
    const entry = cells.get(key) ?? { cell: record.provenance.cell, reviewed: 0, wrong: 0, round: 0 };
    entry.reviewed += 1;
    if (review.verdict === "wrong") entry.wrong += 1;
    entry.round = Math.max(entry.round, record.provenance.round);
    cells.set(key, entry);
  }
  const high = [...cells.entries()].filter(
    ([, entry]) => entry.wrong >= 2 && wilsonInterval(entry.wrong, entry.reviewed).lower > threshold,
  );

  const reviewedIds = new Set(known.map((review) => review.recordId));
  const regenerate: ReviewFeedback["regenerate"] = [];
  for (const review of wrong) {
    if (byId.get(review.recordId)!.status === "accepted") {
      regenerate.push({ recordId: review.recordId, reason: `${reviewRejectReason}: ${reasonOf(review)}` });
    }
  }
  for (const [key, entry] of high) {
    for (const record of records) {
      if (
        record.status === "accepted" &&
        !reviewedIds.has(record.id) &&
        record.provenance.round <= entry.round &&
        cellKey(record.provenance.cell) === key
      ) {
        regenerate.push({
          recordId: record.id,
          reason: `${reviewCellRejectReason}: ${entry.wrong} of ${entry.reviewed} reviewed wrong in its cell`,
        });
      }
    }
  }

  const chinese = isChinese(recipe.language);
  const reasonList = reasons
    .slice(0, 4)
    .map((entry) => (chinese ? `${entry.reason}（${entry.count} 条）` : `${entry.reason} (${entry.count})`));
  const guidance =
    wrong.length === 0
      ? undefined
      : chinese
        ? `审核人员把之前的一些输出判为错误，原因是：${reasonList.join("；")}。请避免这些问题。`
        : `Reviewers marked earlier outputs wrong for these reasons: ${reasonList.join("; ")}. Avoid these mistakes.`;
  const cellGuidance: Record<string, string> = {};
  for (const [key, entry] of high) {
    const cellReasons = [
      ...new Set(
        wrong.filter((review) => cellKey(byId.get(review.recordId)!.provenance.cell) === key).map(reasonOf),
      ),
    ].join(chinese ? "；" : "; ");
    cellGuidance[key] = chinese
      ? `这个条件下审核发现的错误较多（${entry.wrong}/${entry.reviewed}），主要是：${cellReasons}。请格外注意。`
      : `Reviewers found many errors for this condition (${entry.wrong} of ${entry.reviewed}), mostly: ${cellReasons}. Take extra care.`;
  }
  return {
    reviewed: known.length,
    wrong: wrong.length,
    reasons,
    prompt: { exemplars: exemplars.slice(0, maximumExemplars), guidance, cellGuidance },
    regenerate,
    highErrorCells: high.map(([, entry]) => ({
      cell: entry.cell,
      reviewed: entry.reviewed,
      wrong: entry.wrong,
    })),
  };
}
