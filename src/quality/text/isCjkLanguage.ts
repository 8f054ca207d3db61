const cjkLanguages = new Set(["zh", "ja", "yue", "wuu", "lzh"]);
const cjkCharacter = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const cjkCharacters = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

/** True for Chinese and Japanese language tags (`zh`, `zh-Hans`, `ja-JP`, ...), which are not space-separated. */
export function isCjkLanguage(language: string): boolean {
  return cjkLanguages.has(language.toLowerCase().split(/[-_]/)[0] ?? "");
}

/** True when at least a third of the text's letters are Han or kana: shingle it by characters. */
export function looksCjk(text: string): boolean {
  if (!cjkCharacter.test(text)) return false;
  const cjk = text.match(cjkCharacters)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return cjk * 3 >= letters;
}

/** Guesses a dataset's language from a sample of its texts: `zh` when most look CJK, else `en`. */
export function guessLanguage(texts: readonly string[]): string {
  const sample = texts.slice(0, 200);
  const cjk = sample.filter(looksCjk).length;
  return sample.length > 0 && cjk * 2 >= sample.length ? "zh" : "en";
}
