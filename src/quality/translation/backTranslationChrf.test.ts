import { describe, expect, it } from "vitest";
import { backTranslationChrf } from "./backTranslationChrf.js";
import { sentenceChrf } from "./chrf.js";

describe("backTranslationChrf", () => {
  it("leaves out Latin words a Chinese back-translation kept untranslated", () => {
    const source = "根据计划，项目将在10月底完成布展。";
    const mixed = "根据计划，项目将在 October的末尾完成展览安排。";
    expect(backTranslationChrf(mixed, source, "zh")).toBeGreaterThan(sentenceChrf(mixed, source));
    expect(backTranslationChrf(mixed, source, "zh")).toBe(
      sentenceChrf("根据计划，项目将在  的末尾完成展览安排。", source),
    );
  });

  it("keeps Latin words the source holds, and scores other languages as plain chrF", () => {
    const source = "美国SEC要求马斯克辞去董事长一职。";
    const back = "SEC要求Musk辞去董事长职务。";
    expect(backTranslationChrf(back, source, "zh")).toBe(sentenceChrf("SEC要求 辞去董事长职务。", source));
    expect(backTranslationChrf("The train was late", "The train is late", "en")).toBe(
      sentenceChrf("The train was late", "The train is late"),
    );
  });

  it("still costs a back-translation the meaning it lost", () => {
    const source = "我明天早上八点去上班。";
    expect(backTranslationChrf("我明天早上八点去上班。", source, "zh")).toBe(100);
    expect(backTranslationChrf("我早上九点去上班。", source, "zh")).toBeLessThan(70);
  });
});
