import { describe, expect, it } from "vitest";
import { majorityVote, majorityVoteAsync, majorityVoteScored, votePairs } from "./majorityVote.js";

describe("majorityVote", () => {
  it("accepts two of three equal labels", () => {
    expect(
      majorityVote([{ label: "pos" }, { label: "neg" }, { label: "pos" }], { minimumAgreement: 2 }),
    ).toEqual({
      accepted: true,
      winner: 0,
      agreement: 2 / 3,
      agreeing: [0, 2],
    });
  });

  it("rejects three different labels and compares labels exactly", () => {
    const result = majorityVote([{ label: "pos" }, { label: "Pos" }, { label: "neg" }], {
      minimumAgreement: 2,
    });
    expect(result.accepted).toBe(false);
    expect(result.agreement).toBeCloseTo(1 / 3);
  });

  it("counts failed samples as disagreeing", () => {
    const result = majorityVote([{}, { label: "a" }, {}], { minimumAgreement: 2 });
    expect(result).toMatchObject({ accepted: false, winner: 1, agreement: 1 / 3 });
    expect(majorityVote([{}, {}, {}], { minimumAgreement: 2 })).toMatchObject({
      accepted: false,
      winner: -1,
      agreement: 0,
    });
  });

  it("compares free text with ROUGE-L at the threshold by default", () => {
    const samples = [
      { text: "the hotel room was clean and quiet" },
      { text: "the hotel room was clean and very quiet" },
      { text: "terrible food and slow service" },
    ];
    const result = majorityVote(samples, { minimumAgreement: 2 });
    expect(result).toMatchObject({ accepted: true, winner: 0, agreeing: [0, 1] });
    expect(majorityVote(samples, { minimumAgreement: 2, threshold: 0.99 }).accepted).toBe(false);
  });

  it("uses a similarity callback and picks the sample that agrees with most", () => {
    const similarity = (a: string, b: string) => (a[0] === b[0] ? 0.9 : 0.1);
    const result = majorityVote([{ text: "x1" }, { text: "a1" }, { text: "a2" }, { text: "a3" }], {
      minimumAgreement: 3,
      similarity,
      threshold: 0.85,
    });
    expect(result).toMatchObject({ accepted: true, winner: 1, agreement: 0.75, agreeing: [1, 2, 3] });
  });

  it("supports an asynchronous similarity", async () => {
    const result = await majorityVoteAsync([{ text: "a" }, { text: "b" }, { text: "a!" }], {
      minimumAgreement: 2,
      threshold: 0.85,
      similarity: async (a, b) => (a[0] === b[0] ? 0.95 : 0.5),
    });
    expect(result).toMatchObject({ accepted: true, winner: 0, agreeing: [0, 2] });
  });

  it("with a batch scorer, scores each pair of distinct texts once, all in one call", async () => {
    const calls: (readonly (readonly [string, string])[])[] = [];
    const scorePairs = async (pairs: readonly (readonly [string, string])[]) => {
      calls.push(pairs);
      return pairs.map(([a, b]) => (a.split(" ")[0] === b.split(" ")[0] ? 0.8 : 0.2));
    };
    const samples = [
      { text: "good food" },
      { text: "bad service" },
      { text: "good meal" },
      { text: "good food" },
    ];
    const result = await majorityVoteScored(samples, { minimumAgreement: 3, threshold: 0.5, scorePairs });
    expect(calls).toEqual([
      [
        ["good food", "bad service"],
        ["good food", "good meal"],
        ["bad service", "good meal"],
      ],
    ]);
    expect(result).toMatchObject({ accepted: true, winner: 0, agreeing: [0, 2, 3], agreement: 0.75 });
    expect(result.scores).toEqual([
      { a: "good food", b: "bad service", score: 0.2 },
      { a: "good food", b: "good meal", score: 0.8 },
      { a: "bad service", b: "good meal", score: 0.2 },
    ]);
    const strict = await majorityVoteScored(samples, { minimumAgreement: 3, threshold: 0.9, scorePairs });
    // Only the two identical texts agree (equal texts need no score).
    expect(strict).toMatchObject({ accepted: false, agreeing: [0, 3] });
  });

  it("with a batch scorer, never calls it for labels or for texts that are all equal", async () => {
    const scorePairs = async (): Promise<number[]> => {
      throw new Error("must not be called");
    };
    const labels = await majorityVoteScored([{ label: "a" }, { label: "a" }, {}], {
      minimumAgreement: 2,
      scorePairs,
    });
    expect(labels.accepted).toBe(true);
    const same = await majorityVoteScored([{ text: "x" }, { text: "x" }], {
      minimumAgreement: 2,
      scorePairs,
    });
    expect(same).toMatchObject({ accepted: true, scores: [] });
    expect(votePairs([{ text: "a" }, {}, { text: "b" }, { text: "a" }, { text: "b" }])).toEqual([["a", "b"]]);
  });

  it("refuses a scorer that answers a different number of scores", async () => {
    await expect(
      majorityVoteScored([{ text: "a" }, { text: "b" }], { minimumAgreement: 2, scorePairs: async () => [] }),
    ).rejects.toThrow("the scorer returned 0 scores for 1 pairs");
  });
});
