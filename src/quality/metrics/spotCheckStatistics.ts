import {
  minimumSampleToCertify,
  type ProportionInterval,
  wilsonInterval,
} from "../../core/wilsonInterval.js";
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
  /** Reasons given for wrong records, most common first. */
  reasons: { reason: string; count: number }[];
}

/** Error rate of the reviewed sample (reviews of records outside the sample are ignored when a sample is given). */
export function spotCheckStatistics(
  reviews: readonly ReviewRow[],
  sample: readonly string[] | undefined,
  threshold: number | undefined,
): SpotCheckStatistics {
  const inSample = sample ? new Set(sample) : undefined;
  const counted = inSample ? reviews.filter((review) => inSample.has(review.recordId)) : reviews;
  const wrong = counted.filter((review) => review.verdict === "wrong");
  const errorRate = wilsonInterval(wrong.length, counted.length);
  const reasonCounts = new Map<string, number>();
  for (const review of wrong) {
    const reason = review.reason?.trim() || "(no reason)";
    reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
  }
  const neededToCertify = threshold === undefined ? undefined : minimumSampleToCertify(threshold);
  const tooSmall = threshold !== undefined && errorRate.upper > threshold;
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
  };
}

function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
