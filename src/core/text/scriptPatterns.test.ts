import { describe, expect, it } from "vitest";
import { chineseOpening, latinBesideChinese, scriptPattern } from "./scriptPatterns.js";

// JSON Schema patterns are ECMA-262 regular expressions: read here as a server would read them.
const opensChinese = new RegExp(chineseOpening, "u");
const besideChinese = new RegExp(latinBesideChinese, "u");

describe("script patterns", () => {
  it("lets Chinese open with a character, CJK punctuation, a full-width form or a digit, and nothing else", () => {
    for (const text of ["今天天气很好", "《红楼梦》很长", "“你好”", "（笑）", "2019年我去了北京", "，然后"]) {
      expect(opensChinese.test(text), text).toBe(true);
    }
    for (const text of ["It's going to rain", "hpv疫苗", " 前面有空格", "\u3000前面有全角空格", "😀开心"]) {
      expect(opensChinese.test(text), text).toBe(false);
    }
  });

  it("holds no Chinese script anywhere in a Latin-script side of a Chinese pair, and no opening space", () => {
    for (const text of [
      "The weather is nice today, isn't it? 3 °C",
      '"Quoted," he said.',
      "iPhone sales rose 😀",
      "x",
    ]) {
      expect(besideChinese.test(text), text).toBe(true);
    }
    for (const text of [
      "On the day of 国庆 we left",
      "Hey，do you know how to get around？",
      "【🚗】 drove my car to the airport",
      " yummy, I love trying new foods!",
      "\tTabbed",
      "",
    ]) {
      expect(besideChinese.test(text), text).toBe(false);
    }
  });

  it("asks Chinese to open as Chinese, and Latin-script languages for no Han only beside Chinese", () => {
    expect(scriptPattern("zh")).toBe(chineseOpening);
    expect(scriptPattern("zh-Hans")).toBe(chineseOpening);
    expect(scriptPattern("en")).toBeUndefined();
    expect(scriptPattern("en", { pairedWithChinese: true })).toBe(latinBesideChinese);
    expect(scriptPattern("fr-FR", { pairedWithChinese: true })).toBe(latinBesideChinese);
    expect(scriptPattern("ja", { pairedWithChinese: true })).toBeUndefined();
  });
});
