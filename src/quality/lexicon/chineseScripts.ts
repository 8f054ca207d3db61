// Simplified and traditional Chinese told apart by their characters, from CC-CEDICT's headwords
// (each entry gives a word in both forms): a character that occurs in some traditional headword
// and in no simplified one is written only in traditional Chinese (們, 會, 風), and the reverse.
import { installedDictionaryBody } from "./chineseEnglishDictionary.js";

interface ScriptCharacters {
  traditionalOnly: ReadonlySet<string>;
  simplifiedOnly: ReadonlySet<string>;
}

let characters: ScriptCharacters | undefined;

function scriptCharacters(): ScriptCharacters {
  if (characters !== undefined) return characters;
  const traditional = new Set<string>();
  const simplified = new Set<string>();
  for (const line of installedDictionaryBody().split("\n")) {
    const entry = /^(\S+) (\S+) \[/u.exec(line);
    if (entry === null) continue;
    for (const character of entry[1]!) traditional.add(character);
    for (const character of entry[2]!) simplified.add(character);
  }
  const han = /\p{Script=Han}/u;
  const only = (from: Set<string>, other: Set<string>) =>
    new Set([...from].filter((character) => han.test(character) && !other.has(character)));
  characters = {
    traditionalOnly: only(traditional, simplified),
    simplifiedOnly: only(simplified, traditional),
  };
  return characters;
}

/** Whether a language tag asks for traditional characters (zh-TW, zh-HK, zh-MO, zh-Hant, yue). */
export function wantsTraditional(language: string): boolean {
  const tag = language.toLowerCase().replace(/_/gu, "-");
  return /^yue\b|^zh-(?:.*-)?(?:hant|tw|hk|mo)\b/u.test(tag);
}

/** The characters of `text` written only in the other form than `language` asks for, in order, repeats kept. */
export function otherScriptCharacters(text: string, language: string): string[] {
  const { traditionalOnly, simplifiedOnly } = scriptCharacters();
  const other = wantsTraditional(language) ? simplifiedOnly : traditionalOnly;
  return [...text].filter((character) => other.has(character));
}

/**
 * On real Simplified Chinese written by people a traditional character is rare and alone (後 in a
 * WMT19 news line, a name): a text is in the other form when at least this many of its characters
 * are, and this share of its Chinese characters.
 */
const minimumCharacters = 2;
const minimumShare = 0.05;

/**
 * Why a Chinese text is not in the form its language asks for (undefined when it is): Simplified
 * Chinese (`zh`, `zh-CN`, `zh-Hans`) written in traditional characters, or traditional Chinese
 * (`zh-TW`, `zh-HK`, `zh-Hant`) in simplified ones.
 */
export function chineseScriptProblem(text: string, language: string): string | undefined {
  const other = otherScriptCharacters(text, language);
  if (other.length < minimumCharacters) return undefined;
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  if (other.length / han < minimumShare) return undefined;
  const traditional = !wantsTraditional(language);
  const shown = [...new Set(other)].slice(0, 3).join(", ");
  return `is written in ${traditional ? "traditional" : "simplified"} characters (${shown}), for ${language} (${traditional ? "Simplified" : "Traditional"} Chinese)`;
}
