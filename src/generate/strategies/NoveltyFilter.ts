import { segmentWords } from "../../core/text/segmentWords.js";
import { longestCommonSubsequence } from "./rougeL.js";

/** Options of a NoveltyFilter. */
export interface NoveltyFilterOptions {
  /** A text is novel when its ROUGE-L F1 against every added text is below this [0.7]. */
  threshold?: number;
  /** Locale for word segmentation [en]. */
  locale?: string;
}

/** The most similar accepted text found for a candidate. */
export interface NoveltyMatch {
  /** Position of the matching text in the order of `add` calls. */
  index: number;
  /** Its ROUGE-L F1 with the candidate. */
  score: number;
}

/**
 * Self-instruct's novelty filter: keeps a candidate only when its ROUGE-L F1 against
 * every accepted text is below the threshold. Stays fast for thousands of texts: an
 * inverted index counts shared words per accepted text, which bounds the LCS from above
 * (LCS ≤ shared words), so the exact LCS is computed only where the bound could reach
 * the threshold.
 */
export class NoveltyFilter {
  readonly threshold: number;
  readonly locale: string;
  readonly #texts: string[][] = [];
  /** word → flat [index, count, index, count, ...] of the texts that contain it. */
  readonly #postings = new Map<string, number[]>();
  #overlap = new Int32Array(1024);
  #last: { text: string; words: string[] } | undefined;

  constructor(options: NoveltyFilterOptions = {}) {
    this.threshold = options.threshold ?? 0.7;
    this.locale = options.locale ?? "en";
  }

  /** How many texts have been added. */
  get size(): number {
    return this.#texts.length;
  }

  /** True when `text` is below the threshold against every added text. */
  isNovel(text: string): boolean {
    return this.closest(text, this.threshold) === undefined;
  }

  /** Adds an accepted text; later candidates are compared with it. */
  add(text: string): void {
    const words = this.#segment(text);
    const index = this.#texts.length;
    this.#texts.push(words);
    for (const [word, count] of countWords(words)) {
      let list = this.#postings.get(word);
      if (!list) {
        list = [];
        this.#postings.set(word, list);
      }
      list.push(index, count);
    }
  }

  /** Adds `text` when it is novel; returns whether it was added. */
  addIfNovel(text: string): boolean {
    if (!this.isNovel(text)) return false;
    this.add(text);
    return true;
  }

  /**
   * The most similar added text with a score of at least `minimum` (default 0: any),
   * or undefined when none reaches it.
   */
  closest(text: string, minimum = 0): NoveltyMatch | undefined {
    const words = this.#segment(text);
    if (words.length === 0 || this.#texts.length === 0) return undefined;
    if (this.#overlap.length < this.#texts.length) this.#overlap = new Int32Array(this.#texts.length * 2);
    const overlap = this.#overlap;
    const touched: number[] = [];
    for (const [word, count] of countWords(words)) {
      const list = this.#postings.get(word);
      if (!list) continue;
      for (let position = 0; position < list.length; position += 2) {
        const index = list[position]!;
        if (overlap[index] === 0) touched.push(index);
        overlap[index]! += Math.min(count, list[position + 1]!);
      }
    }
    const candidates: { index: number; bound: number }[] = [];
    for (const index of touched) {
      const bound = (2 * overlap[index]!) / (words.length + this.#texts[index]!.length);
      overlap[index] = 0;
      if (bound >= minimum && bound > 0) candidates.push({ index, bound });
    }
    candidates.sort((a, b) => b.bound - a.bound || a.index - b.index);
    let best: NoveltyMatch | undefined;
    for (const { index, bound } of candidates) {
      if (best && bound <= best.score) break;
      const other = this.#texts[index]!;
      const score = (2 * longestCommonSubsequence(words, other)) / (words.length + other.length);
      if (score >= minimum && (!best || score > best.score)) best = { index, score };
    }
    return best;
  }

  /** Segmentation dominates the cost; `isNovel` then `add` of the same text segments once. */
  #segment(text: string): string[] {
    if (this.#last?.text !== text) this.#last = { text, words: segmentWords(text, this.locale) };
    return this.#last.words;
  }
}

function countWords(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}
