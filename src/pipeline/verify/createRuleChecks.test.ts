import { describe, expect, it } from "vitest";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { createRuleChecks, fieldLanguage, untranslatedChinese } from "./createRecordVerifier.js";

/** A zh→en translation recipe: the text field is Chinese, the `translation` field English. */
const translation = parseRecipe(
  `
name: zh-en
task: translation
language: zh
input: { file: news.csv }
output:
  schema:
    type: object
    properties: { text: { type: string }, translation: { type: string } }
    required: [text, translation]
`,
  "/tmp/zh-en.yaml",
).recipe;

describe("the rule checks on a field in the other language", () => {
  const rules = createRuleChecks(translation);

  it("counts an English translation's repeats in English words, not in Chinese characters", () => {
    // By characters, "people" and "injured"-like runs fill repeated 5-grams past the 15% limit.
    const outcome = rules(
      { text: "另有29人失踪，540人受伤。", translation: "Besides 29 people missing, 540 people injured." },
      "翻译成英文。",
      false,
    );
    expect(outcome.rejectReason).toBeUndefined();
  });

  it("reads English words of a Chinese prompt as English in an English field, not as a leak", () => {
    const outcome = rules(
      {
        text: "火车离站前，他给妹妹发了一条短信。",
        translation: "He sent a text to his sister before the train left the station.",
      },
      "翻译成英文。",
      false,
    );
    expect(outcome.rejectReason).toBeUndefined();
  });

  it("still rejects an English translation that really repeats itself", () => {
    const outcome = rules(
      {
        text: "汤是冷的。",
        translation: "The soup was cold and bland. The soup was cold and bland. The soup was cold and bland.",
      },
      "翻译成英文。",
      false,
    );
    expect(outcome.rejectReason).toBe("repetition");
  });

  it("rejects Chinese left untranslated in the English side, and leaves a Chinese field alone", () => {
    const outcome = rules(
      { text: "国庆节当日，北京天气晴好。", translation: "On the day of国庆, Beijing weather is good." },
      "翻译成英文。",
      false,
    );
    expect(outcome.rejectReason).toBe("language");
    expect(outcome.decisions[0]!.reason).toMatch(/translation: .*"国庆"/);
    expect(untranslatedChinese("汤是冷的。", "zh")).toBeUndefined();
    expect(untranslatedChinese("On the day of国庆.", "en")).toBeUndefined();
  });

  it("takes a field's language from its script when it differs from the recipe's", () => {
    expect(fieldLanguage("Cold soup.", "zh")).toBe("en");
    expect(fieldLanguage("汤是冷的。", "en")).toBe("zh");
    expect(fieldLanguage("汤是冷的。", "zh-Hans")).toBe("zh-Hans");
    expect(fieldLanguage("Cold soup.", "de")).toBe("de");
  });
});
