import { normalizeText } from "../text/normalizeText.js";

/** A group of records with the same normalised input but different outputs, and how it was resolved. */
export interface Contradiction {
  /** Indexes of every record in the group. */
  members: number[];
  /** The output held by more than half the group, when one is. */
  majority: string | undefined;
  /** Indexes to reject, each with its reason. */
  rejected: { index: number; reason: string }[];
}

/**
 * Contradictions (docs/metrics.md): records whose normalised input (the text) is the same but whose
 * outputs (label or other fields) differ. Resolved by majority: when one output is held by more
 * than half the group the others are rejected; otherwise the whole group is.
 */
export function findContradictions(
  texts: readonly string[],
  outputs: readonly string[],
  options: { normalized?: boolean } = {},
): Contradiction[] {
  const groups = new Map<string, number[]>();
  texts.forEach((text, index) => {
    const key = options.normalized ? text : normalizeText(text);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  const contradictions: Contradiction[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const counts = new Map<string, number>();
    for (const index of members) counts.set(outputs[index]!, (counts.get(outputs[index]!) ?? 0) + 1);
    if (counts.size < 2) continue;
    const [top, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const majority = topCount * 2 > members.length ? top : undefined;
    const rejected = members
      .filter((index) => majority === undefined || outputs[index] !== majority)
      .map((index) => ({
        index,
        reason:
          majority === undefined
            ? `contradiction: ${members.length} records with this input disagree and none has a majority`
            : `contradiction: ${topCount} of ${members.length} records with this input say ${truncate(majority)}`,
      }));
    contradictions.push({ members, majority, rejected });
  }
  return contradictions;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
