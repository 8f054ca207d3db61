import { describe, expect, it } from "vitest";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { ChooseRequest, LanguageModel } from "../../providers/LanguageModel.js";
import { createJudge, type RubricDetails, type VoteDetails } from "./createJudge.js";

const brief = {
  task: "classification",
  description: "Short restaurant reviews, labelled by sentiment.",
  language: "en",
};
const settings = {
  votes: 3,
  minimumAgreement: 2,
  temperature: 0.7,
  rubric: { mode: "off" as const, threshold: 3 },
};

/** A judge that reads the sentiment off the text, as a fair annotator would, wrong on every third call. */
function sentimentOf(text: string, call: number): string {
  const guess = /awful|cold|rude/.test(text) ? "negative" : "positive";
  return call % 3 === 2 ? (guess === "positive" ? "negative" : "positive") : guess;
}

/** A judge model that only chooses (as the embedded one does), answering with `answer`. */
function chooserModel(
  answer: (request: ChooseRequest) => { picks: string[]; probabilities: Record<string, number> },
): LanguageModel {
  return {
    identity: { provider: "test", id: "chooser" },
    parallelism: 1,
    generate: () => Promise.reject(new Error("a choosing judge never generates")),
    choose: async (request) => ({ ...answer(request), usage: { inputTokens: 10, outputTokens: 0 } }),
    dispose: () => Promise.resolve(),
  };
}

describe("createJudge", () => {
  it("confirms a label when 2 of 3 annotations of the text alone agree, and never shows the label", async () => {
    const model = createFakeModel({
      respond: (request, call) => {
        const text = request.messages.at(-1)!.content;
        return { label: sentimentOf(text, call) };
      },
    });
    const judge = createJudge({
      model,
      brief,
      settings,
      labelField: "label",
      labels: ["positive", "negative"],
    });
    const confirmed = await judge.verify({
      data: { text: "The soup was cold and the waiter rude.", label: "negative" },
      cell: { label: "negative" },
      seed: 7,
    });
    expect(confirmed.rejectReason).toBeUndefined();
    expect(confirmed.decisions[0]).toMatchObject({ check: "label-vote", decision: "pass" });
    expect((confirmed.decisions[0]!.details as VoteDetails).votes).toEqual([
      "negative",
      "negative",
      "positive",
    ]);
    expect(model.requests).toHaveLength(3);
    for (const request of model.requests) {
      expect(JSON.stringify(request.messages)).not.toMatch(/"label":\s*"negative"|label: negative/);
      expect(request.schema).toMatchObject({ properties: { label: { enum: ["positive", "negative"] } } });
    }
    // Independent annotations: three different seeds.
    expect(new Set(model.requests.map((request) => request.sampling.seed)).size).toBe(3);

    const refuted = await judge.verify({
      data: { text: "Lovely terrace and a great lemon tart.", label: "negative" },
      cell: { label: "negative" },
      seed: 8,
    });
    expect(refuted.rejectReason).toBe("label-vote");
    expect(refuted.decisions[0]!.reason).toMatch(
      /^label-vote: 1 of 3 annotations say "negative" \(positive, positive, negative\)$/,
    );
  });

  it("draws the votes from one evaluation where the model can choose, and grades the kind rubric", async () => {
    const requests: ChooseRequest[] = [];
    const model = chooserModel((request) => {
      requests.push(request);
      const picks = request.choices.includes("example")
        ? [/\?$/.test(request.messages.at(-1)!.content.split("\n")[0]!) ? "question" : "example"]
        : request.seeds.map(() => "positive");
      return { picks, probabilities: {} };
    });
    const judge = createJudge({
      model,
      brief,
      settings: { ...settings, rubric: { mode: "kind", threshold: 3 } },
      labelField: "label",
      labels: ["positive", "negative"],
    });
    const good = await judge.verify({
      data: { text: "Great tacos.", label: "positive" },
      cell: { label: "positive" },
      seed: 1,
    });
    expect(good.rejectReason).toBeUndefined();
    expect(requests[0]!.seeds).toHaveLength(3);
    expect(good.calls).toBe(2);
    expect((good.decisions[1]!.details as RubricDetails).score).toBe(5);

    const question = await judge.verify({
      data: { text: "How can I make my cafe more fun?", label: "positive" },
      cell: { label: "positive" },
      seed: 2,
    });
    expect(question.rejectReason).toBe("rubric");
    expect(question.decisions[1]).toMatchObject({
      check: "rubric",
      decision: "reject",
      details: { score: 1, kind: "question", mode: "kind" },
    });
  });

  it("confirms by the label's probability over the likeliest label's where judge.relativeProbability is set", async () => {
    // The judge's distribution for every text: the label it names most (top_up_failed) and the
    // record's own label a close second, as at 77 intents; the votes all name the likeliest.
    const probabilities = {
      top_up_failed: 0.6,
      top_up_reverted: 0.1,
      card_arrival: 0.02,
      exchange_rate: 0.28,
    };
    const model = chooserModel((request) => ({
      picks: request.seeds.map(() => "top_up_failed"),
      probabilities,
    }));
    const labels = Object.keys(probabilities);
    const judgeAt = (relativeProbability: number | undefined) =>
      createJudge({
        model,
        brief,
        settings: { ...settings, ...(relativeProbability === undefined ? {} : { relativeProbability }) },
        labelField: "label",
        labels,
      });
    const record = (label: string) => ({
      data: { text: "My top-up vanished.", label },
      cell: { label },
      seed: 3,
    });

    // The votes alone reject the close second: none of 3 names it.
    expect((await judgeAt(undefined).verify(record("top_up_reverted"))).rejectReason).toBe("label-vote");
    // At 0.1, 0.1 / 0.6 = 0.167 confirms it; a label at 0.02 / 0.6 = 0.033 is still rejected.
    const judge = judgeAt(0.1);
    const close = await judge.verify(record("top_up_reverted"));
    expect(close.rejectReason).toBeUndefined();
    expect((close.decisions[0]!.details as VoteDetails).relative).toEqual({
      probability: 0.1,
      likeliest: "top_up_failed",
      ratio: 0.1 / 0.6,
      required: 0.1,
    });
    expect((close.decisions[0]!.details as VoteDetails).agreeing).toBe(0);
    const far = await judge.verify(record("card_arrival"));
    expect(far.rejectReason).toBe("label-vote");
    expect(far.decisions[0]!.reason).toBe(
      'label-vote: the judge finds "card_arrival" 0.033 times as likely as "top_up_failed", under judge.relativeProbability 0.1 (votes: top_up_failed, top_up_failed, top_up_failed)',
    );
    expect((await judge.verify(record("top_up_failed"))).rejectReason).toBeUndefined();
  });

  it("lets the votes decide where the judge gives no probabilities, judge.relativeProbability or not", async () => {
    const model = createFakeModel({ respond: () => ({ label: "positive" }) });
    const judge = createJudge({
      model,
      brief,
      settings: { ...settings, relativeProbability: 0.01 },
      labelField: "label",
      labels: ["positive", "negative"],
    });
    const verdict = await judge.verify({
      data: { text: "Fine.", label: "negative" },
      cell: { label: "negative" },
      seed: 1,
    });
    expect(verdict.rejectReason).toBe("label-vote");
    expect((verdict.decisions[0]!.details as VoteDetails).relative).toBeUndefined();
  });

  it("checks the output of other tasks against the input with the same 2-of-3 rule", async () => {
    const model = createFakeModel({ respond: (_request, call) => ({ answer: call === 0 ? "yes" : "no" }) });
    const judge = createJudge({
      model,
      brief: {
        task: "translation",
        description: "Chinese sentences with English translations.",
        language: "zh",
      },
      settings,
    });
    const verdict = await judge.verify({
      data: { text: "今天天气很好", translation: "I like cats." },
      cell: {},
      seed: 3,
    });
    expect(verdict.rejectReason).toBe("label-vote");
    expect(model.requests[0]!.messages.at(-1)!.content).toContain("Is the translation faithful and complete");
    expect(model.requests[0]!.messages.at(-1)!.content).toContain("translation: I like cats.");
  });
});
