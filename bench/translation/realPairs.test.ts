import { describe, expect, it } from "vitest";
import { developmentLines, pairsReadAsCorrect, realTestPairs, realTrainingPairs } from "./realPairs.js";

const sources = Array.from({ length: developmentLines }, (_, index) =>
  index % 3 === 0 ? `${"长".repeat(41)}${index}` : `短句${index}`,
);
const targets = sources.map((_, index) => `line ${index}`);

describe("the translation bench's real pairs", () => {
  it("takes as many real training pairs as asked, short sources only, in file order", () => {
    const pairs = realTrainingPairs(sources, targets, 37);
    expect(pairs).toHaveLength(37);
    expect(pairs[0]).toEqual({ text: "短句1", translation: "line 1" });
    expect(pairs.every((pair) => !pair.text.startsWith("长"))).toBe(true);
  });

  it("never reaches past line 1000, so the tail stays held out", () => {
    const pairs = realTrainingPairs(sources, targets, 5000);
    const lastLine = Number(pairs.at(-1)!.translation.split(" ")[1]);
    expect(lastLine).toBeLessThan(1000);
    const test = realTestPairs(sources, targets, 50);
    expect(test).toHaveLength(50);
    expect(test[0]!.translation).toBe("line 1950");
    expect(test.at(-1)!.translation).toBe("line 1999");
    expect(test.some((pair) => pairs.some((train) => train.translation === pair.translation))).toBe(false);
  });

  it("refuses a test slice that would overlap the training lines", () => {
    expect(() => realTestPairs(sources, targets, 1001)).toThrow(/at most 1000/);
  });

  it("keeps only the generated pairs read as accepted and correct, in the export's order", () => {
    const generated = [
      { text: "甲", translation: "A" },
      { text: "乙", translation: "B" },
      { text: "丙", translation: "C" },
    ];
    const read = [
      { text: "丙", translation: "C", status: "accepted", wouldKeep: true },
      { text: "乙", translation: "B", status: "accepted", wouldKeep: false },
      { text: "甲", translation: "A", status: "accepted", wouldKeep: true },
      { text: "丁", translation: "D", status: "rejected", wouldKeep: true },
      { text: "乙", translation: "wrong", status: "accepted", wouldKeep: true },
    ];
    expect(pairsReadAsCorrect(generated, read)).toEqual([generated[0], generated[2]]);
  });
});
