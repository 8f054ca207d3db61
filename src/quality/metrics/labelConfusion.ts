import type { GeneratedRecord } from "../../core/record.js";

/** Which labels the judge took for which, over every classification record it voted on. */
export interface LabelConfusion {
  /** Votes for another label than the record's, most first: the judge's confusions. */
  confusions: { label: string; votedFor: string; votes: number; records: number }[];
  /** The labels whose records the judge disputed most (share of its records not confirmed), most first. */
  disputed: { label: string; judged: number; disputed: number; share: number }[];
}

/**
 * Sums the stored `label-vote` decisions of classification records by the record's label: the
 * votes that went to another label (label A's records voted B) and each label's disputed share.
 * Output checks (votes of yes or no) are not label votes and are left out; undefined when no
 * record was voted on, or no vote ever left its record's label and no record was disputed.
 */
export function labelConfusion(
  records: readonly Pick<GeneratedRecord, "decisions">[],
  limit = 15,
): LabelConfusion | undefined {
  const pairs = new Map<string, { votes: number; records: number }>();
  const byLabel = new Map<string, { judged: number; disputed: number }>();
  for (const record of records) {
    for (const decision of record.decisions) {
      if (decision.check !== "label-vote") continue;
      const details = decision.details as { votes?: unknown; expected?: unknown } | undefined;
      const expected = details?.expected;
      const votes = Array.isArray(details?.votes) ? details.votes.map(String) : [];
      if (typeof expected !== "string" || votes.length === 0) continue;
      if (expected === "yes" && votes.every((vote) => vote === "yes" || vote === "no")) continue;
      const counts = byLabel.get(expected) ?? { judged: 0, disputed: 0 };
      counts.judged += 1;
      if (decision.decision !== "pass") counts.disputed += 1;
      byLabel.set(expected, counts);
      const seen = new Set<string>();
      for (const vote of votes) {
        if (vote === expected) continue;
        const key = JSON.stringify([expected, vote]);
        const pair = pairs.get(key) ?? { votes: 0, records: 0 };
        pair.votes += 1;
        if (!seen.has(key)) pair.records += 1;
        seen.add(key);
        pairs.set(key, pair);
      }
    }
  }
  if (byLabel.size === 0) return undefined;
  const confusions = [...pairs]
    .map(([key, pair]) => {
      const [label, votedFor] = JSON.parse(key) as [string, string];
      return { label, votedFor, ...pair };
    })
    .sort((a, b) => b.votes - a.votes || a.label.localeCompare(b.label))
    .slice(0, limit);
  const disputed = [...byLabel]
    .filter(([, counts]) => counts.disputed > 0)
    .map(([label, counts]) => ({ label, ...counts, share: counts.disputed / counts.judged }))
    .sort((a, b) => b.share - a.share || b.disputed - a.disputed || a.label.localeCompare(b.label))
    .slice(0, limit);
  if (confusions.length === 0 && disputed.length === 0) return undefined;
  return { confusions, disputed };
}
