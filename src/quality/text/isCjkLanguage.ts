export { isCjkLanguage } from "../../core/text/isCjkLanguage.js";

const cjkCharacter = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const letter = /\p{L}/u;

/** True when at least a third of the text's letters are Han or kana: shingle it by characters. */
export function looksCjk(text: string): boolean {
  let cjk = 0;
  let letters = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) letters += 1;
    } else if (
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x3041 && code <= 0x3096) ||
      (code >= 0x30a1 && code <= 0x30fa)
    ) {
      // The common Han block and the kana blocks: decided without a regular expression.
      cjk += 1;
      letters += 1;
    } else {
      const character = String.fromCodePoint(text.codePointAt(index)!);
      if (character.length === 2) index += 1;
      if (cjkCharacter.test(character)) cjk += 1;
      if (letter.test(character)) letters += 1;
    }
  }
  return cjk > 0 && cjk * 3 >= letters;
}

/** Guesses a dataset's language from a sample of its texts: `zh` when most look CJK, else `en`. */
export function guessLanguage(texts: readonly string[]): string {
  const sample = texts.slice(0, 200);
  const cjk = sample.filter(looksCjk).length;
  return sample.length > 0 && cjk * 2 >= sample.length ? "zh" : "en";
}
