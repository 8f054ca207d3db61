import { isCjkLanguage } from "../text/isCjkLanguage.js";
import { generalChinese } from "./generalChinese.js";
import { generalEnglish } from "./generalEnglish.js";

/** A general-language word distribution: word → probability. */
export interface GeneralCorpus {
  /** Which list this is, for the report. */
  name: string;
  probabilities: Map<string, number>;
  /** Probability given to words not in the list (half the smallest listed one). */
  floor: number;
}

const cache = new Map<string, GeneralCorpus>();

function parse(name: string, text: string): GeneralCorpus {
  const probabilities = new Map<string, number>();
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    probabilities.set(line.slice(0, tab), Number(line.slice(tab + 1)) / 1e8);
  }
  const smallest = Math.min(...probabilities.values());
  return { name, probabilities, floor: smallest / 2 };
}

/**
 * The general corpus that domain terms are contrasted with: the 6,000 most frequent words of
 * wordfreq 3.1.1 (Wikipedia, subtitles, news, books, web, social media) for Chinese (zh, ja)
 * or English (every other language).
 */
export function generalCorpus(language: string): GeneralCorpus {
  const key = isCjkLanguage(language) ? "zh" : "en";
  let corpus = cache.get(key);
  if (!corpus) {
    corpus =
      key === "zh"
        ? parse("wordfreq-zh-top6000", generalChinese)
        : parse("wordfreq-en-top6000", generalEnglish);
    cache.set(key, corpus);
  }
  return corpus;
}
