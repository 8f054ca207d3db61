import { describe, expect, it } from "vitest";
import { guessLanguage, isCjkLanguage, looksCjk } from "./isCjkLanguage.js";

/** The definition looksCjk implements with a fast path: Han or kana letters are ≥ 1/3 of the letters. */
function byRegularExpressions(text: string): boolean {
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= letters;
}

describe("looksCjk", () => {
  it("agrees with the regular-expression definition on Chinese, Japanese, English and mixed text", () => {
    const texts = [
      "送餐很快，味道很好",
      "The food was great",
      "今日はラーメンを食べた",
      "OK 好吃 but a bit too salty for me today",
      "iPhone 手机壳 very nice quality",
      "〆切は明日、ｶﾀｶﾅ半角もある",
      "𠀀𠀁 rare Han from plane 2 and ã combining",
      "ー・ゝゞ々〇",
      "",
      "12345 !!!",
    ];
    for (const text of texts) expect(looksCjk(text), text).toBe(byRegularExpressions(text));
  });

  it("picks the language of a dataset and knows which tags are not space-separated", () => {
    expect(guessLanguage(["很好吃", "太慢了", "Great"])).toBe("zh");
    expect(guessLanguage(["Great food", "Too slow", "很好吃"])).toBe("en");
    expect(isCjkLanguage("zh-Hans")).toBe(true);
    expect(isCjkLanguage("ja_JP")).toBe(true);
    expect(isCjkLanguage("en-US")).toBe(false);
  });
});
