import type { GeneratedRecord } from "../../core/record.js";
import { type LabelConfusion, labelConfusion } from "./labelConfusion.js";

/** What the judge found over every record it saw (METRICS.md "Majority-vote consistency", "Judge rubric"). */
export interface JudgeStatistics {
  /** Records the judge annotated (accepted and rejected alike). */
  judged: number;
  /** Of those, records whose label (or output) at least the required number of annotations confirmed. */
  confirmed: number;
  /** confirmed / judged: the `labelConfirmed` gate. */
  confirmedShare: number;
  /** Annotations that agreed with the record, over all annotations. */
  agreementRate: number;
  /** Records the rubric scored, their mean score (the `rubricMean` gate) and how many fell under its threshold. */
  rubric: { scored: number; mean: number; rejected: number; byScore: Record<string, number> } | undefined;
  /** Classification: the labels the judge voted for instead of each record's, and the most disputed labels. */
  labels?: LabelConfusion;
}

/**
 * Sums the judge's stored `label-vote` and `rubric` decisions. Every judged record counts,
 * rejected ones included: the share of confirmed records says how often the teacher's labels
 * hold, which the accepted records alone (all confirmed) could never show.
 */
export function judgeStatistics(
  records: readonly Pick<GeneratedRecord, "decisions">[],
): JudgeStatistics | undefined {
  let judged = 0;
  let confirmed = 0;
  let votes = 0;
  let agreeing = 0;
  let scored = 0;
  let scoreSum = 0;
  let rubricRejected = 0;
  const byScore: Record<string, number> = {};
  for (const record of records) {
    for (const decision of record.decisions) {
      if (decision.check === "label-vote") {
        judged += 1;
        if (decision.decision === "pass") confirmed += 1;
        const details = decision.details as { votes?: unknown[]; agreeing?: number } | undefined;
        votes += details?.votes?.length ?? 0;
        agreeing += details?.agreeing ?? 0;
      } else if (decision.check === "rubric") {
        const score = (decision.details as { score?: unknown } | undefined)?.score;
        if (typeof score !== "number") continue;
        scored += 1;
        scoreSum += score;
        byScore[String(score)] = (byScore[String(score)] ?? 0) + 1;
        if (decision.decision === "reject") rubricRejected += 1;
      }
    }
  }
  if (judged === 0) return undefined;
  const confusion = labelConfusion(records);
  return {
    judged,
    confirmed,
    confirmedShare: confirmed / judged,
    agreementRate: votes === 0 ? 0 : agreeing / votes,
    rubric: scored === 0 ? undefined : { scored, mean: scoreSum / scored, rejected: rubricRejected, byScore },
    ...(confusion === undefined ? {} : { labels: confusion }),
  };
}
