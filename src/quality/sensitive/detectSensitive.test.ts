import { describe, expect, it } from "vitest";
import { chineseIdValid } from "./chineseIdValid.js";
import { compileWordList, detectSensitive } from "./detectSensitive.js";
import { luhnValid } from "./luhn.js";
import { redactSensitive } from "./redactSensitive.js";

const types = (text: string, words?: string[]) =>
  detectSensitive(text, words ? compileWordList(words) : undefined).map((hit) => hit.type);

describe("Chinese resident ID (ISO 7064 MOD 11-2)", () => {
  it("accepts a valid check character and rejects a wrong one", () => {
    expect(chineseIdValid("11010519491231002X")).toBe(true);
    expect(chineseIdValid("110105194912310021")).toBe(false);
    expect(chineseIdValid("440524188001010014")).toBe(true);
    expect(chineseIdValid("440524188013010014")).toBe(false); // month 13
  });

  it("catches a planted ID with a valid check digit and not one with a wrong digit", () => {
    const valid = detectSensitive("我的身份证号是11010519491231002X，请核对");
    expect(valid).toEqual([{ type: "china-id", start: 7, end: 25, text: "11010519491231002X" }]);
    expect(types("我的身份证号是110105194912310021，请核对")).not.toContain("china-id");
  });
});

describe("bank cards (Luhn)", () => {
  it("checks the Luhn digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("6222021234567890")).toBe(false);
  });

  it("finds grouped card numbers that pass Luhn only", () => {
    expect(types("card 4111 1111 1111 1111 thanks")).toEqual(["bank-card"]);
    expect(types("card 4111 1111 1111 1112 thanks")).not.toContain("bank-card");
  });
});

describe("detectSensitive", () => {
  it("finds mainland mobiles, other phones, e-mail and IP addresses with their spans", () => {
    const text =
      "call 13812345678 or +1 (415) 555-2671, mail a.b@example.com from 192.168.1.20 or 2001:db8::8a2e:370:7334";
    const hits = detectSensitive(text);
    expect(hits.map((hit) => hit.type)).toEqual(["china-mobile", "phone", "email", "ipv4", "ipv6"]);
    for (const hit of hits) expect(text.slice(hit.start, hit.end)).toBe(hit.text);
  });

  it("leaves prices, dates and times alone", () => {
    expect(types("花了 25.5 元，2024-05-01 10:30:00 送到，订单 12 份")).toEqual([]);
    expect(types("版本 1.2.3 很好")).toEqual([]);
  });

  it("matches user words, whole words for Latin ones", () => {
    expect(types("The Acme deal and acmeish stuff", ["acme"])).toEqual(["word"]);
    expect(types("这家店用了地沟油", ["地沟油"])).toEqual(["word"]);
  });

  it("redacts each hit with a placeholder of its type", () => {
    const text = "电话13812345678，邮箱 x@y.cn";
    expect(redactSensitive(text, detectSensitive(text))).toBe("电话[PHONE]，邮箱 [EMAIL]");
  });
});
