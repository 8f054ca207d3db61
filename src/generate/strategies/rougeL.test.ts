import { describe, expect, it } from "vitest";
import { segmentWords } from "../../core/text/segmentWords.js";
import { longestCommonSubsequence, rougeL } from "./rougeL.js";

describe("segmentWords", () => {
  it("drops punctuation and lower-cases", () => {
    expect(segmentWords("The cat, the HAT!", "en")).toEqual(["the", "cat", "the", "hat"]);
  });
  it("splits Chinese into words", () => {
    const words = segmentWords("今天天气很好。", "zh");
    expect(words.join("")).toBe("今天天气很好");
    expect(words.length).toBeGreaterThan(1);
  });
});

describe("rougeL", () => {
  it("matches the textbook example", () => {
    // LCS("police killed the gunman", "police kill the gunman") = police, the, gunman = 3
    const score = rougeL("police kill the gunman", "police killed the gunman");
    expect(score.precision).toBeCloseTo(3 / 4);
    expect(score.recall).toBeCloseTo(3 / 4);
    expect(score.f).toBeCloseTo(0.75);
  });
  it("uses subsequences, not substrings", () => {
    expect(longestCommonSubsequence(["a", "b", "c", "d", "e"], ["a", "x", "c", "y", "e"])).toBe(3);
    const score = rougeL("a b c", "a b c d e f");
    expect(score.precision).toBe(1);
    expect(score.recall).toBe(0.5);
    expect(score.f).toBeCloseTo(2 / 3);
  });
  it("is 1 for identical and 0 for disjoint or empty texts", () => {
    expect(rougeL("same words here", "same words here").f).toBe(1);
    expect(rougeL("alpha beta", "gamma delta").f).toBe(0);
    expect(rougeL("", "").f).toBe(0);
  });
  it("works on Chinese", () => {
    expect(rougeL("今天天气很好", "今天天气很好", "zh").f).toBe(1);
    const partial = rougeL("今天天气很好", "今天天气很差", "zh").f;
    expect(partial).toBeGreaterThan(0.3);
    expect(partial).toBeLessThan(1);
  });
});
