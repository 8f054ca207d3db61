import type { GeneratedRecord } from "../../core/record.js";

/** Majority-vote agreement over groups of k samples drawn for one input (docs/metrics.md). */
export interface MajorityAgreementResult {
  /** Groups whose majority holds (at least 2 agree), over all groups. */
  value: number;
  groups: number;
  agreeing: number;
  /** Where the verdicts came from. */
  source: "decisions" | "labels";
}

/**
 * Agreement from stored "majority-vote" decisions when the generator stored them, else from
 * records whose strategy starts with "majority-vote": grouped by (round, slot), a group agrees
 * when at least 2 samples have the same label. Undefined when neither exists.
 */
export function majorityAgreement(
  records: readonly GeneratedRecord[],
  labelField: string | undefined,
): MajorityAgreementResult | undefined {
  const decided = records.flatMap((record) =>
    record.decisions.filter((decision) => decision.check === "majority-vote"),
  );
  if (decided.length > 0) {
    const agreeing = decided.filter((decision) => decision.decision === "pass").length;
    return { value: agreeing / decided.length, groups: decided.length, agreeing, source: "decisions" };
  }
  if (!labelField) return undefined;
  const groups = new Map<string, string[]>();
  for (const record of records) {
    if (!record.provenance.strategy.startsWith("majority-vote") || !record.data) continue;
    const key = `${record.provenance.round}:${record.provenance.slotIndex}`;
    const list = groups.get(key) ?? [];
    list.push(JSON.stringify(record.data[labelField] ?? null));
    groups.set(key, list);
  }
  if (groups.size === 0) return undefined;
  let agreeing = 0;
  for (const labels of groups.values()) {
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    if (Math.max(...counts.values()) >= 2) agreeing += 1;
  }
  return { value: agreeing / groups.size, groups: groups.size, agreeing, source: "labels" };
}
