import { isCjkLanguage } from "../../core/text/isCjkLanguage.js";
import { sentenceChrf } from "./chrf.js";

const latinWord = /[A-Za-z][A-Za-z'’-]*/g;

/**
 * Sentence chrF of a back-translation against the source. Into Chinese or Japanese, a small
 * teacher often leaves a name or a word of the translation in Latin letters ("项目将在
 * October的末尾完成", "南方 Airlines"): such words, when the source does not hold them, are left
 * out before scoring, so the score measures what was translated rather than what was left
 * untranslated. A missing meaning still costs recall: the source's characters are all kept.
 */
export function backTranslationChrf(backTranslation: string, source: string, sourceLanguage: string): number {
  if (!isCjkLanguage(sourceLanguage)) return sentenceChrf(backTranslation, source);
  const inSource = new Set((source.match(latinWord) ?? []).map((word) => word.toLowerCase()));
  const kept = backTranslation.replace(latinWord, (word) => (inSource.has(word.toLowerCase()) ? word : " "));
  return sentenceChrf(kept, source);
}
