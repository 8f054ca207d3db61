import { describe, expect, it } from "vitest";
import type { OutputVerdict } from "./judgeOutput.js";
import { voteOnSamples } from "./voteOnSamples.js";

const accepted = (text: string): OutputVerdict => ({ status: "accepted", data: { text }, decisions: [] });
const settings = { samples: 3, minimumAgreement: 2, threshold: 0.5, locale: "en" };

describe("voteOnSamples with a batch scorer (BERTScore in a run)", () => {
  it("scores the texts' pairs in one call and stores the similarity, threshold and each pair's score", async () => {
    const calls: number[] = [];
    const outcome = await voteOnSamples(
      [
        accepted("great tacos"),
        accepted("the tacos were great"),
        { status: "rejected", reason: "schema", data: undefined, decisions: [] },
      ],
      ["a", "b", "c"],
      { labelField: undefined, textField: "text" },
      {
        ...settings,
        similarity: "bertscore (all-minilm-l6-v2)",
        scorePairs: async (pairs) => {
          calls.push(pairs.length);
          return pairs.map(() => 0.62);
        },
      },
    );
    expect(calls).toEqual([1]);
    expect(outcome).toMatchObject({ keep: 0, accepted: true });
    expect(outcome.decision.details).toMatchObject({
      samples: 3,
      agreeing: 2,
      similarity: "bertscore (all-minilm-l6-v2)",
      threshold: 0.5,
      scores: [{ samples: [0, 1], score: 0.62 }],
      outputs: ["a", "b", "c"],
    });
  });

  it("rejects when no pair reaches the threshold, with the reason and the scores", async () => {
    const outcome = await voteOnSamples(
      [accepted("great tacos"), accepted("slow service"), accepted("loud music")],
      ["a", "b", "c"],
      { labelField: undefined, textField: "text" },
      {
        ...settings,
        similarity: "bertscore (all-minilm-l6-v2)",
        scorePairs: async (pairs) => pairs.map(() => 0.2),
      },
    );
    expect(outcome.accepted).toBe(false);
    expect(outcome.decision).toMatchObject({ decision: "reject", reason: "1 of 3 samples agree; 2 needed" });
    expect((outcome.decision.details as { scores: unknown[] }).scores).toHaveLength(3);
  });

  it("keeps ROUGE-L and the stored details as they were without a scorer", async () => {
    const outcome = await voteOnSamples(
      [
        accepted("the room was clean and quiet"),
        accepted("the room was clean and very quiet"),
        accepted("bad"),
      ],
      ["a", "b", "c"],
      { labelField: undefined, textField: "text" },
      { ...settings, threshold: 0.7 },
    );
    expect(outcome.accepted).toBe(true);
    expect(outcome.decision.details).not.toHaveProperty("similarity");
    expect(outcome.decision.details).not.toHaveProperty("scores");
  });
});
