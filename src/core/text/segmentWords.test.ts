import { afterEach, describe, expect, it, vi } from "vitest";
import { createRandom } from "../stats/random.js";
import { segmentPieceLength, segmentPieces, segmentWords } from "./segmentWords.js";

/** Words as one Intl.Segmenter pass over the whole text finds them (fine for texts of a few thousand characters). */
function inOnePass(text: string, locale: string): string[] {
  const words: string[] = [];
  for (const segment of new Intl.Segmenter(locale, { granularity: "word" }).segment(text))
    if (segment.isWordLike) words.push(segment.segment.toLowerCase());
  return words;
}

const random = createRandom(17);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const english = [
  "The",
  "cat's",
  "hat",
  "3.14",
  "1,000",
  "e.g.",
  "well-known",
  "naïve",
  "don't",
  "U.S.",
  "😀",
];
const chinese = ["今天", "天气", "很好", "我们", "去", "公园", "散步", "外卖", "送", "得", "很快"];

/** Texts of every kind a record can hold: spaced words, punctuated Chinese, unbroken runs, emoji, lines. */
function sampleTexts(): { text: string; locale: string }[] {
  const spaced = Array.from({ length: 900 }, () => pick(english)).join(" ");
  const lines = Array.from({ length: 300 }, () => `${pick(english)} ${pick(english)}.`).join("\n");
  const punctuated = Array.from({ length: 1500 }, (_, index) => pick(chinese) + (index % 7 === 6 ? "，" : ""))
    .join("")
    .concat("。");
  const mixed = Array.from({ length: 800 }, (_, index) =>
    index % 3 === 0 ? pick(chinese) : ` ${pick(english)} `,
  ).join("");
  return [
    { text: spaced, locale: "en" },
    { text: lines, locale: "en" },
    { text: punctuated, locale: "zh" },
    { text: mixed, locale: "zh" },
    { text: "", locale: "en" },
    { text: "short text.", locale: "en" },
  ];
}

describe("segmentPieces", () => {
  it("cuts any text into pieces no longer than the bound that join back into the text", () => {
    const unbroken = "a".repeat(5000);
    const surrogates = "😀".repeat(3000);
    const cjkRun = "今天天气很好".repeat(1000);
    for (const text of [...sampleTexts().map((sample) => sample.text), unbroken, surrogates, cjkRun]) {
      const pieces = [...segmentPieces(text)];
      expect(pieces.join("")).toBe(text);
      for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(segmentPieceLength);
      // A surrogate pair is never split between two pieces.
      for (const piece of pieces.slice(0, -1)) {
        const last = piece.charCodeAt(piece.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }
    }
  });

  it("ends a piece after a space or full-width punctuation when its window has one", () => {
    const text = Array.from({ length: 2000 }, () => pick(english)).join(" ");
    for (const piece of [...segmentPieces(text)].slice(0, -1)) expect(piece.endsWith(" ")).toBe(true);
    const chineseText = Array.from(
      { length: 3000 },
      (_, index) => pick(chinese) + (index % 5 === 4 ? "。" : ""),
    ).join("");
    for (const piece of [...segmentPieces(chineseText)].slice(0, -1)) expect(piece.endsWith("。")).toBe(true);
  });
});

describe("segmentWords", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds the same words as one pass over the whole text, in English, Chinese and both", () => {
    for (const { text, locale } of sampleTexts())
      expect(segmentWords(text, locale)).toEqual(inOnePass(text, locale));
  });

  it("hands the segmenter only bounded pieces, so its work grows linearly with a text's length", () => {
    // Intl.Segmenter's cost per word grows with the length of the text it is given: a 10 MB
    // line in one call never finishes. Every call must see at most one bounded piece.
    const seen: number[] = [];
    const original = Intl.Segmenter.prototype.segment;
    vi.spyOn(Intl.Segmenter.prototype, "segment").mockImplementation(function (
      this: Intl.Segmenter,
      input: string,
    ) {
      seen.push(input.length);
      return original.call(this, input);
    });
    const text = Array.from({ length: 60_000 }, () => pick(english)).join(" ");
    const words = segmentWords(text, "en");
    expect(words.length).toBeGreaterThan(50_000);
    expect(seen.length).toBeGreaterThan(100);
    expect(Math.max(...seen)).toBeLessThanOrEqual(segmentPieceLength);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(text.length / (segmentPieceLength / 2)));
  });
});
