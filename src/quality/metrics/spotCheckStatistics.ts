import {
  minimumSampleToCertify,
  type ProportionInterval,
  reviewsNeededAtRate,
  wilsonInterval,
} from "../../core/stats/wilsonInterval.js";
import type { ReviewRow } from "../../store/Store.js";

/** Reviewed error rate of the spot-check with its Wilson 95% interval. */
export interface SpotCheckStatistics {
  /** Records in the sample. */
  sampled: number;
  reviewed: number;
  wrong: number;
  /** wrong / reviewed with its Wilson 95% interval. */
  errorRate: ProportionInterval;
  /** The error-rate gate, when set. */
  threshold: number | undefined;
  /** Reviews with zero errors a sample needs before the interval's upper bound is under the threshold. */
  neededToCertify: number | undefined;
  /** Set when the upper bound is over the threshold: the sample cannot certify it. */
  warning: string | undefined;
  /** Reasons given for wrong records (the part before a `: note`), most common first. */
  reasons: { reason: string; count: number }[];
  /**
   * More reviews (beyond those done) for the upper bound to clear the threshold if errors keep
   * coming at the current rate; `null` when the current rate is at or over the threshold.
   */
  moreNeeded?: number | null;
  /** Reviewed and wrong records per condition (the record's plan cell), when cells are given. */
  byCondition?: { condition: string; reviewed: number; wrong: number }[];
}

/** Error rate of the reviewed sample (reviews of records outside the sample are ignored when a sample is given). */
export function spotCheckStatistics(
  reviews: readonly ReviewRow[],
  sample: readonly string[] | undefined,
  threshold: number | undefined,
  cells?: ReadonlyMap<string, Record<string, string>>,
): SpotCheckStatistics {
  const inSample = sample ? new Set(sample) : undefined;
  const counted = inSample ? reviews.filter((review) => inSample.has(review.recordId)) : reviews;
  const wrong = counted.filter((review) => review.verdict === "wrong");
  const errorRate = wilsonInterval(wrong.length, counted.length);
  const reasonCounts = new Map<string, number>();
  for (const review of wrong) {
    // "wrong label: it is negative" counts under "wrong label": a listed reason with a note.
    const reason = review.reason?.split(/:\s/)[0]?.trim() || "(no reason)";
    reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
  }
  const neededToCertify = threshold === undefined ? undefined : minimumSampleToCertify(threshold);
  const tooSmall = threshold !== undefined && errorRate.upper > threshold;
  const needed =
    threshold === undefined ? undefined : reviewsNeededAtRate(wrong.length, counted.length, threshold);
  const byCondition = new Map<string, { reviewed: number; wrong: number }>();
  if (cells) {
    for (const review of counted) {
      const key = conditionName(cells.get(review.recordId) ?? {});
      const entry = byCondition.get(key) ?? { reviewed: 0, wrong: 0 };
      entry.reviewed += 1;
      if (review.verdict === "wrong") entry.wrong += 1;
      byCondition.set(key, entry);
    }
  }
  return {
    sampled: sample?.length ?? counted.length,
    reviewed: counted.length,
    wrong: wrong.length,
    errorRate,
    threshold,
    neededToCertify,
    warning: tooSmall
      ? `the spot-check cannot certify an error rate ≤ ${formatPercent(threshold)}: with ${wrong.length} wrong of ${counted.length} reviewed, the Wilson 95% upper bound is ${formatPercent(errorRate.upper)}${wrong.length === 0 ? `; at least ${neededToCertify} reviews with no errors are needed` : ""}`
      : undefined,
    reasons: [...reasonCounts.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    ...(threshold === undefined
      ? {}
      : { moreNeeded: needed === undefined ? null : Math.max(0, needed - counted.length) }),
    ...(cells
      ? {
          byCondition: [...byCondition.entries()]
            .map(([condition, counts]) => ({ condition, ...counts }))
            .sort((a, b) => b.wrong - a.wrong || a.condition.localeCompare(b.condition)),
        }
      : {}),
  };
}

function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A condition as people read it: `label=positive, domain=food` (names in order). */
function conditionName(cell: Record<string, string>): string {
  const names = Object.keys(cell).sort();
  return names.length === 0 ? "(none)" : names.map((name) => `${name}=${cell[name]}`).join(", ");
}

/**
 * The spot-check gate as `evaluateGates` decides it (error rate ≤ threshold), and whether the
 * sample certifies it (the Wilson upper bound is under the threshold too): "pending" before any
 * review, "none" without a threshold.
 */
export function spotCheckGateStatus(statistics: SpotCheckStatistics): {
  status: "pass" | "fail" | "pending" | "none";
  certified: boolean;
} {
  const { threshold, reviewed, errorRate } = statistics;
  if (threshold === undefined) return { status: "none", certified: false };
  if (reviewed === 0) return { status: "pending", certified: false };
  return {
    status: errorRate.value <= threshold ? "pass" : "fail",
    certified: errorRate.upper <= threshold,
  };
}
