import { describe, expect, it } from "vitest";
import { chrfScore, sentenceChrf } from "./chrf.js";

// Worked by hand from sacrebleu's definition; test/model/translationMetrics.test.ts compares
// with sacrebleu itself on real pairs.
describe("chrF", () => {
  it("is 100 for the reference itself and 0 for nothing in common", () => {
    expect(sentenceChrf("The cat sat.", "The cat sat.")).toBe(100);
    expect(sentenceChrf("xyz", "abc")).toBe(0);
    expect(sentenceChrf("", "abc")).toBe(0);
  });

  it("averages precision and recall over the orders both sides have (effective order)", () => {
    // Order 1: 1 of 2 match both ways; order 2: 0 of 1. P = R = 0.25, F2 = 25.
    expect(sentenceChrf("ab", "ac")).toBeCloseTo(25, 10);
    // Only unigrams exist on one side: order 1 alone counts.
    expect(sentenceChrf("a", "a")).toBe(100);
  });

  it("weighs recall twice as much as precision (beta 2)", () => {
    // "ab" vs "a": order 1 P = 1/2, R = 1; order 2 has no reference n-gram. F2 = 5·0.5·1/(4·0.5+1).
    expect(sentenceChrf("ab", "a")).toBeCloseTo((100 * 5 * 0.5 * 1) / (4 * 0.5 + 1), 10);
    expect(sentenceChrf("a", "ab")).toBeCloseTo((100 * 5 * 1 * 0.5) / (4 * 1 + 0.5), 10);
  });

  it("ignores whitespace, Python's full-width and control spaces included", () => {
    expect(sentenceChrf("a b\u3000c\x1cd", "abcd")).toBe(100);
  });

  it("reads text by code point, so an emoji is one character", () => {
    expect(sentenceChrf("🌍", "🌍")).toBe(100);
    expect(sentenceChrf("🌍a", "🌍b")).toBeCloseTo(25, 10);
  });

  it("sums statistics over the corpus before the F score", () => {
    const corpus = chrfScore(["ab", "a"], ["ac", "a"]);
    // Order 1: hyp 3, ref 3, match 2; order 2: hyp 1, ref 1, match 0 → P = R = 1/3.
    expect(corpus).toBeCloseTo(100 / 3, 10);
    expect(() => chrfScore(["a"], [])).toThrow(/one reference per hypothesis/);
  });

  it("adds word n-grams for chrF++, splitting punctuation off word edges as sacrebleu does", () => {
    expect(sentenceChrf("hi, there", "hi, there", { wordOrder: 2 })).toBe(100);
    expect(sentenceChrf("hi there", "hi, there", { wordOrder: 2 })).toBeLessThan(
      sentenceChrf("hi there", "hi, there"),
    );
  });
});
