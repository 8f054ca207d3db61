import { describe, expect, it } from "vitest";
import { chineseOpening, scriptPattern, withoutHan } from "./scriptPatterns.js";

// JSON Schema patterns are ECMA-262 regular expressions: read here as a server would read them.
const opensChinese = new RegExp(chineseOpening, "u");
const holdsNoHan = new RegExp(withoutHan, "u");

describe("script patterns", () => {
  it("lets Chinese open with a character, CJK punctuation, a full-width form or a digit, and nothing else", () => {
    for (const text of ["今天天气很好", "《红楼梦》很长", "“你好”", "（笑）", "2019年我去了北京", "，然后"]) {
      expect(opensChinese.test(text), text).toBe(true);
    }
    for (const text of ["It's going to rain", "hpv疫苗", " 前面有空格", "\u3000前面有全角空格", "😀开心"]) {
      expect(opensChinese.test(text), text).toBe(false);
    }
  });

  it("holds no Han anywhere in a Latin-script side of a Chinese pair", () => {
    expect(holdsNoHan.test("The weather is nice today, isn't it? 3 °C")).toBe(true);
    expect(holdsNoHan.test("On the day of 国庆 we left")).toBe(false);
    expect(holdsNoHan.test("")).toBe(true);
  });

  it("asks Chinese to open as Chinese, and Latin-script languages for no Han only beside Chinese", () => {
    expect(scriptPattern("zh")).toBe(chineseOpening);
    expect(scriptPattern("zh-Hans")).toBe(chineseOpening);
    expect(scriptPattern("en")).toBeUndefined();
    expect(scriptPattern("en", { pairedWithChinese: true })).toBe(withoutHan);
    expect(scriptPattern("fr-FR", { pairedWithChinese: true })).toBe(withoutHan);
    expect(scriptPattern("ja", { pairedWithChinese: true })).toBeUndefined();
  });
});
