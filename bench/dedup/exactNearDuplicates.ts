import { jaccard } from "../../src/quality/dedup/jaccard.js";

/**
 * Ground truth of the dedup benchmark, found without hashing tricks: every pair of sets with
 * Jaccard ≥ threshold, by an exact similarity join (prefix and size filtering, as in AllPairs /
 * PPJoin: two sets with Jaccard ≥ t share a token among the first |s| − ⌈t·|s|⌉ + 1 tokens of
 * each, tokens ordered rarest first), then the same greedy pass as findNearDuplicates: a set is
 * a duplicate when an earlier kept set reaches the threshold. Returns, per set, the earlier kept
 * set it duplicates or −1, and the number of pairs at or above the threshold.
 */
export function exactNearDuplicates(
  sets: readonly Uint32Array[],
  threshold: number,
): { duplicateOf: Int32Array; pairs: number } {
  const frequency = new Map<number, number>();
  for (const set of sets) for (const token of set) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const index = new Map<number, number[]>();
  const partners: number[][] = sets.map(() => []);
  const seen = new Int32Array(sets.length).fill(-1);
  let pairs = 0;
  sets.forEach((set, record) => {
    if (set.length === 0) return;
    const ordered = Array.from(set).sort((a, b) => frequency.get(a)! - frequency.get(b)! || a - b);
    const prefix = set.length - Math.ceil(threshold * set.length - 1e-9) + 1;
    for (let position = 0; position < prefix; position += 1) {
      const token = ordered[position]!;
      const list = index.get(token);
      if (list) {
        for (const other of list) {
          if (seen[other] === record) continue;
          seen[other] = record;
          const size = sets[other]!.length;
          if (size < threshold * set.length - 1e-9 || set.length < threshold * size - 1e-9) continue;
          if (jaccard(set, sets[other]!) >= threshold) {
            partners[record]!.push(other);
            pairs += 1;
          }
        }
        list.push(record);
      } else index.set(token, [record]);
    }
  });
  const duplicateOf = new Int32Array(sets.length).fill(-1);
  partners.forEach((list, record) => {
    const kept = list.filter((other) => duplicateOf[other] === -1).sort((a, b) => a - b);
    if (kept.length > 0) duplicateOf[record] = kept[0]!;
  });
  return { duplicateOf, pairs };
}
