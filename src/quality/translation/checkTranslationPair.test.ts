import { describe, expect, it } from "vitest";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { ChooseRequest, ChooseResult } from "../../providers/LanguageModel.js";
import {
  cleanBackTranslation,
  createTranslationChecker,
  translationThresholdsFor,
} from "./checkTranslationPair.js";

/** A fake teacher: back-translates from a table and says "yes" with the given probability. */
function teacher(backTranslations: Record<string, string>, yes: number) {
  const model = createFakeModel({
    respond: (request) => {
      const text = request.messages.at(-1)!.content.split("\n\n").at(-1)!;
      return backTranslations[text] ?? "完全不同的一句话。";
    },
  });
  const choices: ChooseRequest[] = [];
  return Object.assign(model, {
    choices,
    async choose(request: ChooseRequest): Promise<ChooseResult> {
      choices.push(request);
      return {
        picks: [yes >= 0.5 ? "yes" : "no"],
        probabilities: { yes, no: 1 - yes },
        usage: { inputTokens: 10, outputTokens: 0 },
      };
    },
  });
}

const direction = { source: "zh", target: "en" };

describe("createTranslationChecker", () => {
  it("accepts a pair whose back-translation matches and which the judge finds adequate", async () => {
    const model = teacher({ "The train was twenty minutes late.": "火车晚点了二十分钟。" }, 0.9);
    const check = createTranslationChecker({ model, direction });
    const verdict = await check(
      { text: "火车晚点了二十分钟。", translation: "The train was twenty minutes late." },
      1,
    );
    expect(verdict.rejectReason).toBeUndefined();
    expect(verdict.decisions.map((decision) => decision.check)).toEqual([
      "source-language",
      "target-language",
      "length-ratio",
      "numbers",
      "names",
      "days",
      "times",
      "untranslated-words",
      "dictionary",
      "back-translation",
      "adequacy",
    ]);
    expect(verdict.calls).toBe(2);
    // The back-translation asks for Chinese from English; the adequacy question shows both sides.
    expect(model.requests[0]!.messages.at(-1)!.content).toContain("Translate this English text into Chinese");
    expect(model.choices[0]!.messages.at(-1)!.content).toContain(
      "Chinese: 火车晚点了二十分钟。\nEnglish: The train",
    );
    expect(model.choices[0]!.choices).toEqual(["yes", "no"]);
  });

  it("flags, and leaves to adequacy, a pair whose back-translation says something else", async () => {
    const model = teacher({ "The train arrived early.": "火车提前到了。" }, 0.9);
    const check = createTranslationChecker({ model, direction });
    const verdict = await check({ text: "火车晚点了二十分钟。", translation: "The train arrived early." }, 1);
    expect(verdict.rejectReason).toBeUndefined();
    const back = verdict.decisions.find((decision) => decision.check === "back-translation")!;
    expect(back.decision).toBe("flag");
    expect(back.reason).toMatch(/^back-translation: chrF \d+\.\d .*flagged for review, not rejected/);
    expect(model.choices).toHaveLength(1);
  });

  it("rejects on back-translation when given a chrF threshold, with the chrF in the reason", async () => {
    const model = teacher({ "The train arrived early.": "火车提前到了。" }, 0.9);
    const check = createTranslationChecker({ model, direction, thresholds: { backTranslationChrf: 17.4 } });
    const verdict = await check({ text: "火车晚点了二十分钟。", translation: "The train arrived early." }, 1);
    expect(verdict.rejectReason).toBe("back-translation");
    expect(verdict.decisions.at(-1)!.reason).toMatch(/^back-translation: chrF \d+\.\d/);
    expect(model.choices).toHaveLength(0);
  });

  it("draws the adequacy lines where each embedded judge was measured, 0.5 for another", () => {
    expect(translationThresholdsFor("qwen2.5-coder-0.5b-instruct")).toEqual({
      backTranslationChrf: null,
      adequacy: 0.482,
      adequacyFlag: null,
    });
    expect(translationThresholdsFor("qwen2.5-coder-1.5b-instruct")).toMatchObject({
      adequacy: 0.5,
      adequacyFlag: 0.784,
    });
    expect(translationThresholdsFor("qwen-plus")).toMatchObject({ adequacy: 0.5, adequacyFlag: null });
  });

  it("flags for review, and keeps, a pair between the judge's reject and flag lines", async () => {
    const model = teacher({ "The train was twenty minutes late.": "火车晚点了二十分钟。" }, 0.6);
    const check = createTranslationChecker({
      model,
      direction,
      thresholds: { adequacy: 0.5, adequacyFlag: 0.784 },
    });
    const verdict = await check(
      { text: "火车晚点了二十分钟。", translation: "The train was twenty minutes late." },
      1,
    );
    expect(verdict.rejectReason).toBeUndefined();
    expect(verdict.decisions.at(-1)).toMatchObject({
      check: "adequacy",
      decision: "flag",
      reason: expect.stringMatching(/probability of 0\.60, under 0\.784; flagged for review/),
    });
  });

  it("rejects a pair the judge finds inadequate", async () => {
    const model = teacher({ "The train was twenty minutes late.": "火车晚点了二十分钟。" }, 0.2);
    const check = createTranslationChecker({ model, direction });
    const verdict = await check(
      { text: "火车晚点了二十分钟。", translation: "The train was twenty minutes late." },
      1,
    );
    expect(verdict.rejectReason).toBe("adequacy");
    expect(verdict.decisions.at(-1)!.details).toEqual({ yes: 0.2, threshold: 0.5 });
  });

  it("stops at the rules before asking the model, and runs the rules alone without one", async () => {
    const model = teacher({}, 0.9);
    const check = createTranslationChecker({ model, direction });
    const verdict = await check({ text: "It is sunny.", translation: "It is sunny." }, 1);
    expect(verdict.rejectReason).toBe("source-language");
    expect(model.requests).toHaveLength(0);
    const rulesOnly = createTranslationChecker({ direction });
    expect(
      (await rulesOnly({ text: "今天天气很好。", translation: "The weather is nice today." }, 1))
        .rejectReason,
    ).toBe(undefined);
  });

  it("reads its fields from the names it is given", async () => {
    const model = teacher({ "Hello.": "你好。" }, 0.9);
    const check = createTranslationChecker({ model, direction, sourceField: "zh", targetField: "en" });
    expect((await check({ zh: "你好。", en: "Hello." }, 1)).rejectReason).toBeUndefined();
  });
});

it("does not score a back-translation that came back in the wrong language; adequacy decides", async () => {
  const model = teacher({ "The train was late.": "The train was late." }, 0.9);
  const check = createTranslationChecker({ model, direction });
  const verdict = await check({ text: "火车晚点了。", translation: "The train was late." }, 1);
  expect(verdict.rejectReason).toBeUndefined();
  expect(verdict.decisions.find((decision) => decision.check === "back-translation")).toMatchObject({
    decision: "flag",
    reason: expect.stringMatching(/^back-translation: not scored, the back-translation has only 0% Chinese/),
  });
});

describe("cleanBackTranslation", () => {
  it("drops a label and wrapping quotes", () => {
    expect(cleanBackTranslation(' Translation: "火车晚点了。" ')).toBe("火车晚点了。");
    expect(cleanBackTranslation("译文：「你好」")).toBe("你好");
    expect(cleanBackTranslation('He said "hi" to me')).toBe('He said "hi" to me');
  });
});
