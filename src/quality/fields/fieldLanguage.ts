import { isCjkLanguage, looksCjk } from "../text/isCjkLanguage.js";

/**
 * The language a translation field with no named `language` is written in: the other side of
 * a translation is in the other language, so its repetition, truncation and leak checks must
 * count and read it as that language (English words, not Chinese characters, and the reverse).
 * A field in the recipe's own script keeps the recipe's language.
 */
export function fieldLanguage(value: string, recipeLanguage: string): string {
  const cjk = looksCjk(value);
  if (cjk === isCjkLanguage(recipeLanguage)) return recipeLanguage;
  return cjk ? "zh" : "en";
}

/**
 * Chinese characters in a field of a Chinese recipe that is otherwise written in another
 * language (the English side of a translation): the source left untranslated ("On the day
 * of国庆"). 1 of 1,000 WMT19 human references has any (bench/ruleChecks/translationField.ts).
 */
export function untranslatedChinese(value: string, recipeLanguage: string): string | undefined {
  if (!isCjkLanguage(recipeLanguage) || looksCjk(value)) return undefined;
  return /\p{Script=Han}+/u.exec(value)?.[0];
}
