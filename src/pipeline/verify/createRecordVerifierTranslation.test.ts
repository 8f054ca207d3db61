import path from "node:path";
import { describe, expect, it } from "vitest";
import { translationPairRecipeYaml } from "../../../test/support/labelledRecipe.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import type { VerifyInput } from "../../generate/generateRecords.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { ChooseRequest, ChooseResult } from "../../providers/LanguageModel.js";
import { createRecordVerifier } from "./createRecordVerifier.js";

const recipe = (template: string, language: string) =>
  parseRecipe(translationPairRecipeYaml(language, template), path.join("/tmp", "recipe.yaml")).recipe;

/** A teacher that back-translates "The train was late." and answers every choice with `yes`. */
function teacher(yes: number) {
  const choices: ChooseRequest[] = [];
  const model = createFakeModel({ respond: () => "火车晚点了。" });
  return Object.assign(model, {
    choices,
    async choose(request: ChooseRequest): Promise<ChooseResult> {
      choices.push(request);
      return {
        picks: ["yes"],
        probabilities: { yes, no: 1 - yes },
        usage: { inputTokens: 1, outputTokens: 0 },
      };
    },
  });
}

const input = (data: Record<string, unknown>) =>
  ({
    data,
    slot: { index: 0, cell: {}, status: "open", attempts: 0 },
    prompt: { messages: [{ role: "user", content: "写一句话并翻译。" }] },
    stoppedAtTokenLimit: false,
    seed: 7,
  }) as unknown as VerifyInput;

describe("createRecordVerifier on a translation recipe", () => {
  it("rejects under the recipe's `judge.adequacy` line, else under the line recorded for the judge", async () => {
    const pair = { text: "火车晚点了。", translation: "The train was late." };
    const loose = recipe("translation-zh-en", "zh");
    const kept = await createRecordVerifier(loose, teacher(0.85))(input(pair));
    expect(kept.rejectReason).toBeUndefined();
    expect(kept.decisions.at(-1)).toMatchObject({
      check: "adequacy",
      decision: "pass",
      details: { threshold: 0.5 },
    });

    const strict = { ...loose, judge: { ...loose.judge, adequacy: 0.9 } };
    const rejected = await createRecordVerifier(strict, teacher(0.85))(input(pair));
    expect(rejected.rejectReason).toBe("adequacy");
    expect(rejected.decisions.at(-1)).toMatchObject({ details: { yes: 0.85, threshold: 0.9 } });
  });

  it("checks the pair both ways instead of the judge's vote", async () => {
    const model = teacher(0.9);
    const verify = createRecordVerifier(recipe("translation-zh-en", "zh"), model);
    const outcome = await verify(input({ text: "火车晚点了。", translation: "The train was late." }));
    expect(outcome.rejectReason).toBeUndefined();
    const checks = outcome.decisions.map((decision) => decision.check);
    expect(checks).toContain("back-translation");
    expect(checks).toContain("adequacy");
    expect(checks).not.toContain("label-vote");
    expect(outcome.calls).toBe(2);
  });

  it("rejects a source in the wrong language with its own reason code", async () => {
    const verify = createRecordVerifier(recipe("translation-zh-en", "zh"), teacher(0.9));
    const outcome = await verify(input({ text: "今天天气很好。", translation: "今天天气很好。" }));
    expect(outcome.rejectReason).toBe("target-language");
  });

  it("rejects what the judge does not find adequate", async () => {
    const verify = createRecordVerifier(recipe("translation-zh-en", "zh"), teacher(0.1));
    const outcome = await verify(input({ text: "火车晚点了。", translation: "The train was late." }));
    expect(outcome.rejectReason).toBe("adequacy");
  });

  it("keeps the judge's vote for a translation template that names no language pair", async () => {
    const model = teacher(0.9);
    const verify = createRecordVerifier(recipe("translation-generic-zh", "zh"), model);
    const outcome = await verify(input({ text: "火车晚点了。", translation: "The train was late." }));
    expect(outcome.decisions.map((decision) => decision.check)).toContain("label-vote");
  });
});
