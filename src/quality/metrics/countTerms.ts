/** Occurrences of each lexicon term over a set of segmented texts. */
export interface TermCounts {
  /** Term → occurrences. */
  counts: Map<string, number>;
  /** Total words in the texts. */
  words: number;
  /** Texts that contain at least one term. */
  textsWithTerm: number;
}

/**
 * Counts lexicon terms in segmented texts. A term is itself segmented (`segment`) and matched
 * as a word sequence, so a multi-word term ("delivery time", "送餐速度") counts where its words
 * appear in order.
 */
export function countTerms(
  texts: readonly string[][],
  lexicon: readonly string[],
  segment: (text: string) => string[],
): TermCounts {
  const byFirstWord = new Map<string, { term: string; words: string[] }[]>();
  for (const term of lexicon) {
    const words = segment(term);
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push({ term, words });
    byFirstWord.set(words[0]!, list);
  }
  const counts = new Map<string, number>(lexicon.map((term) => [term, 0]));
  let words = 0;
  let textsWithTerm = 0;
  for (const text of texts) {
    words += text.length;
    let found = false;
    for (let index = 0; index < text.length; index += 1) {
      const candidates = byFirstWord.get(text[index]!);
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (candidate.words.every((word, offset) => text[index + offset] === word)) {
          counts.set(candidate.term, counts.get(candidate.term)! + 1);
          found = true;
        }
      }
    }
    if (found) textsWithTerm += 1;
  }
  return { counts, words, textsWithTerm };
}
