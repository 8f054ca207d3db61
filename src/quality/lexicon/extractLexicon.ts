import type { GeneralCorpus } from "./generalCorpus.js";

/** A domain term with its log-odds z-score against the general corpus. */
export interface LexiconTerm {
  term: string;
  zScore: number;
  /** Occurrences in the reference corpus. */
  count: number;
}

/**
 * The reference corpus's top terms by log-odds ratio with an informative Dirichlet prior
 * (Monroe, Colaresi & Quinn 2008, "Fightin' Words") against a general corpus. The general side
 * is a probability list, treated as a corpus of 10^8 words; the prior (strength 500 words)
 * is the mean of both distributions. Terms must occur in at least `minimumRecords` records,
 * contain a letter, and be longer than one character for space-separated languages.
 */
export function extractLexicon(
  texts: readonly string[][],
  general: GeneralCorpus,
  options: { size?: number; minimumRecords?: number } = {},
): LexiconTerm[] {
  const size = options.size ?? 50;
  const minimumRecords = options.minimumRecords ?? 3;
  const counts = new Map<string, number>();
  const records = new Map<string, number>();
  let total = 0;
  for (const words of texts) {
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const word of new Set(words)) records.set(word, (records.get(word) ?? 0) + 1);
    total += words.length;
  }
  const generalSize = 1e8;
  const priorStrength = 500;
  const terms: LexiconTerm[] = [];
  for (const [term, count] of counts) {
    if ((records.get(term) ?? 0) < minimumRecords || !/\p{L}/u.test(term)) continue;
    if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(term) && term.length < 2) continue;
    const generalProbability = general.probabilities.get(term) ?? general.floor;
    const generalCount = generalProbability * generalSize;
    const prior = priorStrength * (count / total + generalProbability) * 0.5;
    const referenceLogOdds = Math.log((count + prior) / (total + priorStrength - count - prior));
    const generalLogOdds = Math.log(
      (generalCount + prior) / (generalSize + priorStrength - generalCount - prior),
    );
    const variance = 1 / (count + prior) + 1 / (generalCount + prior);
    terms.push({ term, zScore: (referenceLogOdds - generalLogOdds) / Math.sqrt(variance), count });
  }
  terms.sort((a, b) => b.zScore - a.zScore || a.term.localeCompare(b.term));
  return terms.slice(0, size);
}
