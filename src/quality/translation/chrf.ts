/**
 * chrF and chrF++ exactly as sacrebleu 2.x (`sacrebleu.metrics.CHRF`) defines them: character
 * n-grams of orders 1..`charOrder` of each segment with its whitespace removed (Python's
 * `str.split()` whitespace), optional word n-grams of orders 1..`wordOrder` (chrF++; words with
 * a leading or trailing ASCII punctuation mark split off), per-order hypothesis, reference and
 * matched counts summed over the corpus, and the F-beta of the averages of precision and recall
 * over the orders that occur in both (sacrebleu's default "effective order"; `epsSmoothing`
 * switches to the chrF++.py / Moses average of per-order F scores). Scores are on 0–100.
 * Strings are read by code point, as Python indexes them.
 */

/** Options of {@link chrfScore}; the defaults are sacrebleu's `CHRF()`. */
export interface ChrfOptions {
  /** Character n-gram order [6]. */
  charOrder?: number;
  /** Word n-gram order [0]; 2 is chrF++. */
  wordOrder?: number;
  /** Weight of recall over precision [2]. */
  beta?: number;
  /** Compare lowercased text [false]. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams [false]. */
  whitespace?: boolean;
  /** chrF++.py-style epsilon smoothing instead of the effective order [false]. */
  epsSmoothing?: boolean;
}

/** The characters Python's `str.isspace()` accepts, so `split()` cuts where sacrebleu's does. */
const pythonWhitespace = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const punctuation = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

/** Python's `str.split()` with no argument: runs of whitespace cut, empty ends dropped. */
function splitWords(text: string): string[] {
  return text.split(pythonWhitespace).filter((word) => word !== "");
}

function charNgrams(text: string, maxOrder: number, whitespace: boolean): Map<string, number>[] {
  const characters = Array.from(whitespace ? text : splitWords(text).join(""));
  const counters: Map<string, number>[] = [];
  for (let order = 1; order <= maxOrder; order += 1) {
    const counter = new Map<string, number>();
    for (let start = 0; start + order <= characters.length; start += 1) {
      const gram = characters.slice(start, start + order).join("");
      counter.set(gram, (counter.get(gram) ?? 0) + 1);
    }
    counters.push(counter);
  }
  return counters;
}

/** sacrebleu's `_remove_punctuation`: '(hi)' becomes '(hi' and ')', as there (its issue #124). */
function chrfWords(text: string): string[] {
  const words: string[] = [];
  for (const word of splitWords(text)) {
    const characters = Array.from(word);
    if (characters.length === 1) words.push(word);
    else if (punctuation.has(characters.at(-1)!))
      words.push(characters.slice(0, -1).join(""), characters.at(-1)!);
    else if (punctuation.has(characters[0]!)) words.push(characters[0]!, characters.slice(1).join(""));
    else words.push(word);
  }
  return words;
}

function wordNgrams(words: readonly string[], order: number): Map<string, number> {
  const counter = new Map<string, number>();
  for (let start = 0; start + order <= words.length; start += 1) {
    const gram = words.slice(start, start + order).join(" ");
    counter.set(gram, (counter.get(gram) ?? 0) + 1);
  }
  return counter;
}

interface Settings {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

function settingsOf(options: ChrfOptions): Settings {
  return {
    charOrder: options.charOrder ?? 6,
    wordOrder: options.wordOrder ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    epsSmoothing: options.epsSmoothing ?? false,
  };
}

function ngramsOf(text: string, settings: Settings): Map<string, number>[] {
  const counters = charNgrams(text, settings.charOrder, settings.whitespace);
  if (settings.wordOrder > 0) {
    const words = chrfWords(text);
    for (let order = 1; order <= settings.wordOrder; order += 1) counters.push(wordNgrams(words, order));
  }
  return counters;
}

/** [hypothesis n-grams, reference n-grams, matches] per order, flattened, as sacrebleu's statistics. */
function segmentStatistics(hypothesis: string, reference: string, settings: Settings): number[] {
  const prepare = (text: string) => (settings.lowercase ? text.toLowerCase() : text);
  const hyp = ngramsOf(prepare(hypothesis), settings);
  const ref = ngramsOf(prepare(reference), settings);
  const statistics: number[] = [];
  hyp.forEach((hypCounter, order) => {
    const refCounter = ref[order]!;
    let matches = 0;
    let hypCount = 0;
    for (const [gram, count] of hypCounter) {
      hypCount += count;
      const inReference = refCounter.get(gram);
      if (inReference !== undefined) matches += Math.min(count, inReference);
    }
    let refCount = 0;
    for (const count of refCounter.values()) refCount += count;
    statistics.push(refCounter.size > 0 ? hypCount : 0, refCount, matches);
  });
  return statistics;
}

function fScore(statistics: readonly number[], settings: Settings): number {
  const eps = 1e-16;
  const factor = settings.beta ** 2;
  const orders = settings.charOrder + settings.wordOrder;
  let score = 0;
  let effectiveOrder = 0;
  let averagePrecision = 0;
  let averageRecall = 0;
  for (let order = 0; order < orders; order += 1) {
    const hyp = statistics[3 * order]!;
    const ref = statistics[3 * order + 1]!;
    const match = statistics[3 * order + 2]!;
    const precision = hyp > 0 ? match / hyp : eps;
    const recall = ref > 0 ? match / ref : eps;
    const denominator = factor * precision + recall;
    score += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : eps;
    if (hyp > 0 && ref > 0) {
      averagePrecision += precision;
      averageRecall += recall;
      effectiveOrder += 1;
    }
  }
  if (settings.epsSmoothing) return (100 * score) / orders;
  if (effectiveOrder === 0) {
    averagePrecision = 0;
    averageRecall = 0;
  } else {
    averagePrecision /= effectiveOrder;
    averageRecall /= effectiveOrder;
  }
  if (averagePrecision + averageRecall === 0) return 0;
  return (
    (100 * ((1 + factor) * averagePrecision * averageRecall)) / (factor * averagePrecision + averageRecall)
  );
}

/**
 * Corpus chrF of `hypotheses` against one reference each (sacrebleu's `corpus_score` with one
 * reference stream): statistics summed over segments, then one F score.
 */
export function chrfScore(
  hypotheses: readonly string[],
  references: readonly string[],
  options: ChrfOptions = {},
): number {
  if (hypotheses.length !== references.length) {
    throw new Error(
      `chrF needs one reference per hypothesis, got ${hypotheses.length} and ${references.length}`,
    );
  }
  const settings = settingsOf(options);
  const total: number[] = new Array(3 * (settings.charOrder + settings.wordOrder)).fill(0);
  hypotheses.forEach((hypothesis, index) => {
    segmentStatistics(hypothesis, references[index]!, settings).forEach((value, position) => {
      total[position]! += value;
    });
  });
  return fScore(total, settings);
}

/** Sentence chrF of one hypothesis against one reference (sacrebleu's `sentence_score`). */
export function sentenceChrf(hypothesis: string, reference: string, options: ChrfOptions = {}): number {
  return chrfScore([hypothesis], [reference], options);
}
