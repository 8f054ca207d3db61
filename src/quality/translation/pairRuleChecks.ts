import type { QualityDecision } from "../../core/record.js";
import { latinLanguages } from "../../core/text/scriptPatterns.js";
import { englishStem } from "../lexicon/chineseEnglishDictionary.js";
import { chineseScriptProblem } from "../lexicon/chineseScripts.js";
import { dictionaryCoverage } from "./dictionaryCoverage.js";
import { misromanizedName } from "./romanizedNames.js";
import { dayWords, missingTime, timeWords } from "./timeWords.js";

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

/**
 * Why one side of a pair is not in its language: its script (`languageProblem`) and, for Chinese,
 * the form its tag asks for (Simplified unless `zh-TW`, `zh-HK` or `zh-Hant`; `chineseScriptProblem`).
 */
function sideLanguageProblem(text: string, language: string): string | undefined {
  return (
    languageProblem(text, language) ??
    (baseTag(language) === "zh" ? chineseScriptProblem(text, language) : undefined)
  );
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

const zhUnits: Record<string, number> = { 万亿: 1e12, 万: 1e4, 亿: 1e8, 千: 1e3 };
const enUnits: Record<string, number> = {
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  bn: 1e9,
};
const enCardinals =
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const enOrdinals =
  "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(" ");
const enTens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(" ");
const enMonths =
  "january february march april may june july august september october november december".split(" ");
const zhDigits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
/** Six significant digits: 1.5 × 10⁸ and 150 million are one value, 45 thousandths and 12 millionths two. */
const rounded = (value: number) => Number(value.toPrecision(6));

/** Values of a run of Chinese numerals: "二十三" → 23, "两百" → 200, "六七" (six or seven) → 6 and 7. */
function chineseNumerals(run: string): number[] {
  const values: number[] = [];
  const positional = /[十百千]/u.test(run);
  let total = 0;
  let current = 0;
  for (const character of run) {
    const digit = zhDigits[character];
    if (digit !== undefined) {
      if (!positional && current > 0) values.push(current);
      current = digit;
    } else {
      total += (current || 1) * (character === "十" ? 10 : character === "百" ? 100 : 1000);
      current = 0;
    }
  }
  values.push(total + current);
  return values;
}

/**
 * The numbers of a text: each number written in digits (`digits`, each with the values it may
 * stand for: "30万" is 30, 300000, 300 thousand and 0.3 million), and every value it names in
 * any form (`values`: also number words, ordinals and month names in English, Chinese numerals).
 */
function numbersOf(text: string, chinese: boolean): { digits: Set<number>[]; values: Set<number> } {
  const digits: Set<number>[] = [];
  const values = new Set<number>();
  const pattern = chinese
    ? /(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(万亿|万|亿|千)?/gu
    : /(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|bn)\b)?/giu;
  for (const match of text.matchAll(pattern)) {
    const value = Number(match[1]!.replace(/[,，]/gu, ""));
    if (!Number.isFinite(value)) continue;
    const forms = new Set([value]);
    const unit = match[2]?.toLowerCase();
    if (unit) forms.add(rounded(value * (chinese ? zhUnits[unit]! : enUnits[unit]!)));
    for (const form of [...forms]) for (const scale of [1e3, 1e6, 1e9]) forms.add(rounded(form / scale));
    digits.push(forms);
    for (const form of forms) values.add(form);
  }
  if (chinese) {
    for (const match of text.matchAll(/[零〇一二两三四五六七八九十百千]+/gu)) {
      for (const value of chineseNumerals(match[0])) values.add(value);
    }
  } else {
    for (const match of text.toLowerCase().matchAll(/\b([a-z]+)(?:-([a-z]+))?\b/gu)) {
      const [word, head, tail] = [match[0], match[1]!, match[2]];
      const named = [enCardinals.indexOf(word), enOrdinals.indexOf(word), enMonths.indexOf(word) + 1 || -1];
      for (const value of named) if (value >= 0) values.add(value);
      const tens = enTens.indexOf(head);
      if (tens > 1) values.add(tens * 10 + Math.max(0, tail ? enCardinals.indexOf(tail) : 0));
      if (word === "hundred") values.add(100);
    }
  }
  return { digits, values };
}

type PairSide = "source" | "translation";

/** The Chinese-script and the Latin-script side of a pair, with which of the pair each is (for the reasons). */
interface ChineseAndLatin {
  chinese: string;
  latin: string;
  chineseSide: PairSide;
  latinSide: PairSide;
  /** The Latin side's language, a base tag (`en`). */
  latinLanguage: string;
}

/** The sides of a pair, or undefined when it is not Chinese with a Latin-script language. */
function chineseAndLatin(
  source: string,
  translation: string,
  direction: TranslationDirection,
): ChineseAndLatin | undefined {
  const [from, to] = [baseTag(direction.source), baseTag(direction.target)];
  const chineseSide: PairSide | undefined =
    from === "zh" && latinLanguages.has(to)
      ? "source"
      : to === "zh" && latinLanguages.has(from)
        ? "translation"
        : undefined;
  if (chineseSide === undefined) return undefined;
  const latinSide: PairSide = chineseSide === "source" ? "translation" : "source";
  const texts = { source, translation };
  return {
    chinese: texts[chineseSide],
    latin: texts[latinSide],
    chineseSide,
    latinSide,
    latinLanguage: chineseSide === "source" ? to : from,
  };
}

/** A rule on a translation pair: why it fails, or undefined when it passes. */
type PairRule = (source: string, translation: string, direction: TranslationDirection) => string | undefined;

/** A rule that reads a Chinese pair with a Latin-script language (`chineseAndLatin`); any other pair passes. */
function chineseLatinRule(rule: (sides: ChineseAndLatin) => string | undefined): PairRule {
  return (source, translation, direction) => {
    const sides = chineseAndLatin(source, translation, direction);
    return sides === undefined ? undefined : rule(sides);
  };
}

/**
 * Why the pair's numbers do not match (undefined when they do): both sides write numbers in
 * digits and none of one side's is a value of the other (dates, counts and amounts survive a
 * translation: "30日" is "the 30th", "10月" is "October", "30万" is "300,000"), or one side
 * writes two numbers or more in digits and the other names none. For Chinese with English.
 */
export const numbersProblem: PairRule = chineseLatinRule((sides) => {
  const chinese = numbersOf(sides.chinese, true);
  const latin = numbersOf(sides.latin, false);
  const found = (from: typeof chinese, into: typeof chinese) =>
    from.digits.some((forms) => [...forms].some((value) => into.values.has(value)));
  const [sourceNumbers, translationNumbers] =
    sides.chineseSide === "source" ? [chinese, latin] : [latin, chinese];
  const list = (numbers: typeof chinese) => numbers.digits.map((forms) => [...forms][0]).join(", ");
  if (chinese.digits.length > 0 && latin.digits.length > 0) {
    return found(chinese, latin) || found(latin, chinese)
      ? undefined
      : `the source's numbers (${list(sourceNumbers)}) and the translation's (${list(translationNumbers)}) have none in common`;
  }
  if (sourceNumbers.digits.length >= 2 && translationNumbers.values.size === 0) {
    return `the source's numbers (${list(sourceNumbers)}) are all missing from the translation`;
  }
  if (translationNumbers.digits.length >= 2 && sourceNumbers.values.size === 0) {
    return `the translation's numbers (${list(translationNumbers)}) are not in the source`;
  }
  return undefined;
});

/**
 * Why a name does not survive the translation (undefined when it does): a romanised Chinese name
 * on the Latin side whose surname no character of the Chinese side is read as (李华 as "Liu Hua",
 * 张三 as "Tang San": `misromanizedName`), or the Chinese side's Latin-letter names ("NBA",
 * "iPhone", "WilemRampangilei", kept as they are by a translation) all missing from the other side
 * (compared letters only, case aside).
 */
export const namesProblem: PairRule = chineseLatinRule((sides) => {
  const { chineseSide, latinSide } = sides;
  const misromanized = misromanizedName(sides.chinese, sides.latin);
  if (misromanized !== undefined) {
    return `the ${latinSide}'s name "${misromanized}" has a surname no character of the ${chineseSide} is read as`;
  }
  const names = [...new Set([...sides.chinese.matchAll(/[A-Za-z]{2,}/gu)].map((match) => match[0]))];
  if (names.length === 0) return undefined;
  const letters = sides.latin.toLowerCase().replace(/[^a-z]/gu, "");
  if (names.some((name) => letters.includes(name.toLowerCase()))) return undefined;
  return `the ${chineseSide}'s name${names.length === 1 ? "" : "s"} ${names
    .slice(0, 3)
    .map((name) => `"${name}"`)
    .join(", ")} ${names.length === 1 ? "is" : "are"} not in the ${latinSide}`;
});

/**
 * Why a day one side names (yesterday, today, tomorrow) is missing from the other; undefined when
 * none is (`dayWords` in `timeWords.ts`: 昨天 → "last week", 明天早上 → "this morning", 今天 dropped).
 * On real WMT19 newstest zh-en, 2 of 2,000 pairs fail it, both references that leave out the
 * source's 今天 (`npx tsx bench/translation/rules.ts`). For Chinese with English.
 */
export const daysProblem: PairRule = chineseLatinRule((sides) => {
  const missing = missingTime(sides.chinese, sides.latin, dayWords);
  if (missing === undefined) return undefined;
  const [named, other] = namingSides(sides, missing.side);
  return `the ${named} says "${missing.words}" (${missing.what}) and the ${other} names no such day`;
});

/** The side that names a missing time, and the other. */
function namingSides(sides: ChineseAndLatin, side: "chinese" | "latin"): [PairSide, PairSide] {
  return side === "chinese" ? [sides.chineseSide, sides.latinSide] : [sides.latinSide, sides.chineseSide];
}

/**
 * Why a time one side names is missing from the other (undefined when none is): a day of the week,
 * the weekend, a part of the day (morning, afternoon, evening or night) or a week, month or year
 * counted from now (上周, "next month", 去年) that was added, left out or changed ("after work" →
 * 下午, "this weekend" → 本周六, 昨天 → "last Tuesday"; `timeWords.ts`). For Chinese with English.
 */
export const timesProblem: PairRule = chineseLatinRule((sides) => {
  if (sides.latinLanguage !== "en") return undefined;
  const missing = missingTime(sides.chinese, sides.latin, timeWords);
  if (missing === undefined) return undefined;
  const [named, other] = namingSides(sides, missing.side);
  return `the ${named} says "${missing.words}" (${missing.what}) and the ${other} does not`;
});

/**
 * Why the Chinese side of a pair keeps English words of the other side as they are (undefined
 * when it does not): a run of Latin letters in the Chinese with no capital letter (not a name,
 * brand or acronym, which a translation keeps: "iPhone", "NBA", "FiveThirtyEight.com"), one of
 * whose words of three letters or more the English side also writes in lower case ("我要去
 * somewhere。", "， yum！", "买了些 grocery"). None of WMT19's 2,000 real pairs; 5 of the 1.5B
 * teacher's pairs read by hand, all wrong (`npx tsx bench/translation/rules.ts`).
 */
export const untranslatedWordsProblem: PairRule = chineseLatinRule((sides) => {
  const latinStems = new Set(
    (sides.latin.match(/[a-z]+/gu) ?? []).filter((word) => word.length >= 3).map(englishStem),
  );
  const kept: string[] = [];
  for (const run of sides.chinese.match(/[A-Za-z][A-Za-z0-9.'\- ]*/gu) ?? []) {
    const words = run.match(/[A-Za-z]+/gu) ?? [];
    if (words.some((word) => /[A-Z]/u.test(word))) continue;
    kept.push(...words.filter((word) => word.length >= 3 && latinStems.has(englishStem(word))));
  }
  if (kept.length === 0) return undefined;
  return `the ${sides.chineseSide} keeps ${kept
    .slice(0, 3)
    .map((word) => `"${word}"`)
    .join(", ")} of the ${sides.latinSide} in English`;
});

/**
 * Below this share of words translated on the other side (the mean of the two sides' shares, by
 * the dictionary), a pair's sides say different things. Chosen on WMT19 newstest zh-en lines
 * 1–1000: none of those 1,000 real pairs falls under it, 3 of lines 1001–2000, none of 312
 * generated pairs read as correct; with the other rules it rejects 1,762 of 2,000 pairs of a
 * source and the reference 7 lines on (mostly another sentence of the same news story), which
 * they alone reject 1,239 of (`npx tsx bench/translation/rules.ts`).
 */
const minimumDictionaryCoverage = 0.2;
/** Words of the two sides together under which a pair is too short for the share to mean much. */
const minimumDictionaryWords = 8;

/**
 * Why the two sides of a Chinese–English pair say different things by the dictionary (undefined
 * when they may not): CC-CEDICT finds under a fifth of the words of the two sides translated on
 * the other (a translation of another sentence, a source that drifted from what was translated).
 * Short pairs, under 8 words in all, and pairs with a language other than English pass.
 */
export const dictionaryProblem: PairRule = chineseLatinRule((sides) => {
  if (sides.latinLanguage !== "en") return undefined;
  const coverage = dictionaryCoverage(sides.chinese, sides.latin);
  const { chinese, english } = coverage;
  if (chinese.words + english.words < minimumDictionaryWords) return undefined;
  const share = (side: { words: number; covered: number }) =>
    side.words === 0 ? 1 : side.covered / side.words;
  const mean = (share(chinese) + share(english)) / 2;
  if (mean >= minimumDictionaryCoverage) return undefined;
  return `the dictionary finds ${chinese.covered} of the ${sides.chineseSide}'s ${chinese.words} Chinese words translated in the ${sides.latinSide} and ${english.covered} of its ${english.words} English words in the ${sides.chineseSide} (${percent(mean)}, under ${percent(minimumDictionaryCoverage)}): the two say different things`;
});

/** The reason codes of the translation checks, in the order they run. */
export const translationChecks = [
  "source-language",
  "target-language",
  "length-ratio",
  "numbers",
  "names",
  "days",
  "times",
  "untranslated-words",
  "dictionary",
  "back-translation",
  "adequacy",
] as const;
export type TranslationCheck = (typeof translationChecks)[number];

/**
 * The checks of a pair that need no model: the source in the source language, the translation
 * in the target language (Chinese in the form its tag asks for), a length ratio inside what real pairs of this language pair show,
 * the same numbers on both sides, the Chinese side's Latin-letter names on the other, the
 * same days (yesterday, today, tomorrow) and times (weekdays, parts of the day, last week…) on both, no English word of one side left in the
 * Chinese, and words the dictionary finds translated.
 * One decision per check, stopping at the first rejection (its reason starts with the code).
 */
export function checkPairRules(
  source: string,
  translation: string,
  direction: TranslationDirection,
): QualityDecision[] {
  const steps: [TranslationCheck, () => string | undefined][] = [
    ["source-language", () => sideLanguageProblem(source, direction.source)],
    ["target-language", () => sideLanguageProblem(translation, direction.target)],
    ["length-ratio", () => lengthRatioProblem(source, translation, direction)],
    ["numbers", () => numbersProblem(source, translation, direction)],
    ["names", () => namesProblem(source, translation, direction)],
    ["days", () => daysProblem(source, translation, direction)],
    ["times", () => timesProblem(source, translation, direction)],
    ["untranslated-words", () => untranslatedWordsProblem(source, translation, direction)],
    ["dictionary", () => dictionaryProblem(source, translation, direction)],
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
      reason: `${check}: ${check.endsWith("-language") ? `the ${field} ${problem}` : problem}`,
    });
    break;
  }
  return decisions;
}
