import { segmentWords } from "../../core/text/segmentWords.js";

/** ROUGE-L scores of a candidate against a reference. */
export interface RougeScore {
  /** LCS / candidate length. */
  precision: number;
  /** LCS / reference length. */
  recall: number;
  /** F-measure (β = 1): 2·LCS / (candidate length + reference length). */
  f: number;
}

/** Length of the longest common subsequence of two word lists (O(n·m) time, O(min) memory). */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (short.length === 0) return 0;
  let previous = new Uint32Array(short.length + 1);
  let current = new Uint32Array(short.length + 1);
  for (let i = 1; i <= long.length; i += 1) {
    const word = long[i - 1];
    for (let j = 1; j <= short.length; j += 1) {
      current[j] = word === short[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[short.length]!;
}

/** ROUGE-L over word lists. Two empty lists score 0 (nothing to agree on). */
export function rougeLWords(candidate: readonly string[], reference: readonly string[]): RougeScore {
  const lcs = longestCommonSubsequence(candidate, reference);
  if (lcs === 0) return { precision: 0, recall: 0, f: 0 };
  const precision = lcs / candidate.length;
  const recall = lcs / reference.length;
  return { precision, recall, f: (2 * precision * recall) / (precision + recall) };
}

/**
 * ROUGE-L (LCS-based F-measure, β = 1) between two texts, words split with
 * `Intl.Segmenter` for `locale` so Chinese is compared word by word.
 */
export function rougeL(candidate: string, reference: string, locale = "en"): RougeScore {
  return rougeLWords(segmentWords(candidate, locale), segmentWords(reference, locale));
}
