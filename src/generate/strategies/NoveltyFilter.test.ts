import { describe, expect, it } from "vitest";
import { createRandom } from "../../core/stats/random.js";
import { NoveltyFilter } from "./NoveltyFilter.js";
import { rougeL } from "./rougeL.js";

describe("NoveltyFilter", () => {
  it("rejects near-copies at or above the threshold and keeps different texts", () => {
    const filter = new NoveltyFilter({ threshold: 0.7 });
    filter.add("Write a poem about the sea at night");
    expect(filter.isNovel("Write a poem about the sea at dawn")).toBe(false); // 7/8 words shared
    expect(filter.isNovel("Explain how a bicycle gear works")).toBe(true);
    expect(filter.addIfNovel("Summarize this article in three bullet points")).toBe(true);
    expect(filter.addIfNovel("Summarize this article in three bullet points")).toBe(false);
    expect(filter.size).toBe(2);
  });

  it("agrees with a brute-force ROUGE-L scan", () => {
    const random = createRandom(7);
    const vocabulary = "a b c d e f g h i j k l m n o p".split(" ");
    const sentence = () =>
      Array.from({ length: 4 + Math.floor(random() * 8) }, () => vocabulary[Math.floor(random() * 16)]).join(
        " ",
      );
    const filter = new NoveltyFilter({ threshold: 0.6 });
    const accepted: string[] = [];
    for (let step = 0; step < 150; step += 1) {
      const text = sentence();
      const expected = accepted.every((other) => rougeL(text, other).f < 0.6);
      expect(filter.isNovel(text)).toBe(expected);
      if (expected) {
        filter.add(text);
        accepted.push(text);
      }
    }
    expect(accepted.length).toBeGreaterThan(5);
  });

  it("reports the closest accepted text", () => {
    const filter = new NoveltyFilter();
    filter.add("translate the menu into French");
    filter.add("write a haiku about autumn leaves");
    expect(filter.closest("write a haiku about spring leaves")).toMatchObject({ index: 1 });
    expect(filter.closest("write a haiku about spring leaves")!.score).toBeCloseTo(5 / 6);
  });

  it("handles Chinese", () => {
    const filter = new NoveltyFilter({ locale: "zh" });
    filter.add("请把这段话翻译成英文");
    expect(filter.isNovel("请把这段话翻译成英文")).toBe(false);
    expect(filter.isNovel("写一首关于秋天的诗")).toBe(true);
  });
});
