/** Languages written in the Latin script, whose letters must be (nearly) all Latin. */
export const latinLanguages: ReadonlySet<string> = new Set(
  "en fr de es it pt nl sv da no nb nn fi pl cs sk sl hr ro hu tr id ms vi ca eu gl et lv lt".split(" "),
);

/** The base tag of a BCP 47 language tag, lower case (`zh-Hans` → `zh`). */
export function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? "";
}

/** Han ideographs (CJK unified, extension A, compatibility), as JSON Schema regex ranges. */
const hanRanges = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";

/**
 * A Chinese text opens with a Han character, CJK punctuation (《「【“; not the ideographic space),
 * a full-width form (（，), or a digit (2019年…). Real Chinese sentences that open otherwise, with a Latin word:
 * 0.7% of KUAKE-QIC's 6,931 queries (hpv…), 1.9% of cMedQANER's 1,673 texts, 1.3% of WMT19's
 * 2,000 Chinese sentences, 0.2% of waimai's 11,987 reviews, 5.7% of CLUENER's 10,748 news
 * windows (names such as "DNF…").
 */
export const chineseOpening = `^[${hanRanges}\\u3001-\\u303f\\uff00-\\uffef0-9\\u201c\\u2018]`;

/** Han, CJK punctuation (the ideographic space, 、。《》【】「」) and full-width forms (，？！（）). */
const chineseScript = `${hanRanges}\\u3000-\\u303f\\uff00-\\uffef`;
/** Whitespace a sentence does not open with: space, tab, line breaks, no-break space. */
const openingSpace = "\\u0020\\u0009\\u000a\\u000d\\u00a0";

/**
 * The Latin-script side of a Chinese pair: it opens with no whitespace and holds no Han character,
 * CJK punctuation or full-width form anywhere. The language checks reject any Han there; the rest
 * is the 1.5B teacher's English written with Chinese marks ("Hey，do you know how to get
 * around？", "【🚗】 drove my car…") or opened with a space (" yummy, I love…"). Real English
 * holds them rarely (`npx tsx bench/ruleChecks/scriptOpenings.ts`): 2 of WMT19's 2,000 English
 * sentences (a "：", and Chinese brand names quoted), none of Yelp's 1,000 reviews, and 4 of
 * banking77's 9,994 queries (each opening with a line break in the file).
 */
export const latinBesideChinese = `^[^${openingSpace}${chineseScript}][^${chineseScript}]*$`;

/**
 * The JSON Schema `pattern` a string field in `language` is decoded under, so that the model
 * writes it in that script from its first token instead of writing it in another language and
 * being rejected for it: Chinese opens as Chinese (`chineseOpening`); a Latin-script language
 * holds no Chinese script where `pairedWithChinese` (the other side of a Chinese translation
 * pair, where the language check rejects any Han character; `latinBesideChinese`). Undefined: no pattern.
 */
export function scriptPattern(
  language: string,
  options: { pairedWithChinese?: boolean } = {},
): string | undefined {
  const base = baseLanguage(language);
  if (base === "zh") return chineseOpening;
  if (options.pairedWithChinese === true && latinLanguages.has(base)) return latinBesideChinese;
  return undefined;
}
