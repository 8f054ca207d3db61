import type { QualityDecision } from "../../core/record.js";

/** The languages of a translation pair: the source field's and the translation's (BCP 47 base tags). */
export interface TranslationDirection {
  source: string;
  target: string;
}

const letter = /\p{L}/u;
const han = /\p{Script=Han}/u;
const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const hangul = /\p{Script=Hangul}/u;
const latin = /\p{Script=Latin}/u;
const cyrillic = /\p{Script=Cyrillic}/u;

/** Languages written in the Latin script, whose letters must be (nearly) all Latin. */
const latinLanguages = new Set(
  "en fr de es it pt nl sv da no nb nn fi pl cs sk sl hr ro hu tr id ms vi ca eu gl et lv lt".split(" "),
);

/**
 * Share of a text's letters that a language's script must hold, measured on WMT19 newstest
 * zh-en (the first 1,500 segments): of the Chinese sources' letters, the fewest Han was 49% (1%
 * of segments under 71%: names and brands kept in Latin letters); every English reference was
 * 100% Latin with no Han character. A text under these shares is in another language.
 */
const minimumShare = { zh: 0.45, latin: 0.9, ja: 0.45, ko: 0.5, cyrillic: 0.8 } as const;

function shares(text: string): {
  letters: number;
  han: number;
  kana: number;
  hangul: number;
  latin: number;
  cyrillic: number;
} {
  const counts = { letters: 0, han: 0, kana: 0, hangul: 0, latin: 0, cyrillic: 0 };
  for (const character of text) {
    if (!letter.test(character)) continue;
    counts.letters += 1;
    if (han.test(character)) counts.han += 1;
    else if (kana.test(character)) counts.kana += 1;
    else if (hangul.test(character)) counts.hangul += 1;
    else if (latin.test(character)) counts.latin += 1;
    else if (cyrillic.test(character)) counts.cyrillic += 1;
  }
  return counts;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/**
 * Why `text` is not in `language`, judged by its script (undefined when it is, or when the
 * language's script is not one this check knows): Chinese needs Han characters, Japanese Han or
 * kana, Korean Hangul, Russian and its neighbours Cyrillic, the Latin-script languages Latin
 * letters (and no Han character at all, a sign of a source copied into its translation).
 */
export function languageProblem(text: string, language: string): string | undefined {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? "";
  const counts = shares(text);
  if (counts.letters === 0) return "has no letters at all";
  const share = (count: number) => count / counts.letters;
  if (base === "zh") {
    if (share(counts.han) < minimumShare.zh) {
      return `has only ${percent(share(counts.han))} Chinese characters among its letters, for zh`;
    }
    if (counts.kana > 0) return "holds Japanese kana, for zh";
    return undefined;
  }
  if (base === "ja") {
    return share(counts.han + counts.kana) < minimumShare.ja
      ? `has only ${percent(share(counts.han + counts.kana))} kanji or kana among its letters, for ja`
      : undefined;
  }
  if (base === "ko") {
    return share(counts.hangul) < minimumShare.ko
      ? `has only ${percent(share(counts.hangul))} Hangul among its letters, for ko`
      : undefined;
  }
  if (base === "ru" || base === "uk" || base === "bg" || base === "sr") {
    return share(counts.cyrillic) < minimumShare.cyrillic
      ? `has only ${percent(share(counts.cyrillic))} Cyrillic among its letters, for ${base}`
      : undefined;
  }
  if (latinLanguages.has(base)) {
    if (counts.han > 0)
      return `holds ${counts.han} Chinese character${counts.han === 1 ? "" : "s"}, for ${base}`;
    return share(counts.latin) < minimumShare.latin
      ? `has only ${percent(share(counts.latin))} Latin among its letters, for ${base}`
      : undefined;
  }
  return undefined;
}

/** Characters of a text without its whitespace, the unit of the length ratio. */
export function visibleLength(text: string): number {
  let length = 0;
  for (const character of text) if (!/\s/u.test(character)) length += 1;
  return length;
}

/**
 * Bounds on (translation characters) / (source characters), whitespace left out, per language
 * pair. zh→en measured on WMT19 newstest zh-en (first 1,500 segments): English had 3.6 times
 * the Chinese characters at the median, 2.00 at the 0.5% quantile and 5.93 at the 99.5%; the
 * bounds are those quantiles widened by a quarter, since generated sentences are shorter than
 * news. en→zh is the same pairs read the other way.
 */
const ratioBounds: Record<string, { low: number; high: number }> = {
  "zh-en": { low: 2.0 / 1.25, high: 5.93 * 1.25 },
  "en-zh": { low: 1 / (5.93 * 1.25), high: 1.25 / 2.0 },
};

/** Characters a short pair may be off by beyond the ratio: "好。" → "OK." is fine. */
const shortSlack = 4;

/** Why the translation is too long or too short for its source (undefined when it fits, or the pair is unknown). */
export function lengthRatioProblem(
  source: string,
  translation: string,
  direction: TranslationDirection,
): string | undefined {
  const bounds = ratioBounds[`${baseTag(direction.source)}-${baseTag(direction.target)}`];
  if (bounds === undefined) return undefined;
  const sourceLength = visibleLength(source);
  const translationLength = visibleLength(translation);
  if (sourceLength === 0) return "the source is empty";
  const ratio = translationLength / sourceLength;
  if (translationLength < bounds.low * sourceLength - shortSlack) {
    return `the translation has ${ratio.toFixed(2)} characters per source character, under ${bounds.low.toFixed(2)}: too short to say all the source says`;
  }
  if (translationLength > bounds.high * sourceLength + shortSlack) {
    return `the translation has ${ratio.toFixed(2)} characters per source character, over ${bounds.high.toFixed(2)}: it says more than the source`;
  }
  return undefined;
}

export function baseTag(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? "";
}

/** The reason codes of the translation checks, in the order they run. */
export const translationChecks = [
  "source-language",
  "target-language",
  "length-ratio",
  "back-translation",
  "adequacy",
] as const;
export type TranslationCheck = (typeof translationChecks)[number];

/**
 * The checks of a pair that need no model: the source in the source language, the translation
 * in the target language, and a length ratio inside what real pairs of this language pair show.
 * One decision per check, stopping at the first rejection (its reason starts with the code).
 */
export function checkPairRules(
  source: string,
  translation: string,
  direction: TranslationDirection,
): QualityDecision[] {
  const steps: [TranslationCheck, () => string | undefined][] = [
    ["source-language", () => languageProblem(source, direction.source)],
    ["target-language", () => languageProblem(translation, direction.target)],
    ["length-ratio", () => lengthRatioProblem(source, translation, direction)],
  ];
  const decisions: QualityDecision[] = [];
  for (const [check, run] of steps) {
    const problem = run();
    if (problem === undefined) {
      decisions.push({ check, decision: "pass" });
      continue;
    }
    const field = check === "source-language" ? "source" : "translation";
    decisions.push({
      check,
      decision: "reject",
      reason: `${check}: ${check === "length-ratio" ? problem : `the ${field} ${problem}`}`,
    });
    break;
  }
  return decisions;
}
