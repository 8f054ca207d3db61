/** Shannon entropy of a word-unigram distribution (docs/metrics.md, "Diversity"). */
export interface EntropyResult {
  /** H = −Σ p log2 p, in bits. */
  entropy: number;
  /** H / log2(V); 0 when V ≤ 1. */
  normalizedEntropy: number;
  /** V: distinct words. */
  vocabularySize: number;
  /** Total words counted. */
  words: number;
}

/** Entropy in bits of the distribution given by `counts` (occurrences of each distinct word). */
export function shannonEntropy(counts: Iterable<number>): EntropyResult {
  const values = [...counts].filter((count) => count > 0);
  const total = values.reduce((sum, count) => sum + count, 0);
  let entropy = 0;
  for (const count of values) {
    const p = count / total;
    entropy -= p * Math.log2(p);
  }
  const vocabularySize = values.length;
  return {
    entropy,
    normalizedEntropy: vocabularySize > 1 ? entropy / Math.log2(vocabularySize) : 0,
    vocabularySize,
    words: total,
  };
}
