import { describe, expect, it } from "vitest";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { createVarietySteering, textLength } from "./varietySteering.js";

const recipeWith = (
  variety: string,
  language = "en",
  text = "{ type: string, minLength: 20, maxLength: 120 }",
) =>
  parseRecipe(
    `
name: demo
description: Short reviews.
language: ${language}
output:
  schema: { type: object, properties: { text: ${text} }, required: [text] }
dimensions: { label: [positive, negative] }
plan: { count: 4 }
template:
  phrasings: ["A {{ label }} one."]
generation:
  variety: ${variety}
`,
    "demo.yaml",
  ).recipe;

describe("createVarietySteering", () => {
  it("is off without generation.variety", () => {
    const recipe = parseRecipe(
      `
name: demo
description: Short reviews.
output: { schema: { type: object, properties: { text: { type: string } } } }
dimensions: { label: [positive, negative] }
plan: { count: 4 }
template: { phrasings: ["A {{ label }} one."] }
`,
      "demo.yaml",
    ).recipe;
    expect(createVarietySteering(recipe)).toBeUndefined();
  });

  it("draws a writer, a tone and a length per slot and attempt, the same ones every time", () => {
    const steer = createVarietySteering(
      recipeWith("{ personas: true, registers: true, lengths: [4, 9, 15] }"),
    )!;
    const lines = Array.from({ length: 30 }, (_, index) => steer(index, 0)!);
    expect(lines[0]).toMatch(
      /^Write it as .+ would, without introducing yourself\. Tone: .+\. Length: about (4|9|15) words\./,
    );
    expect(new Set(lines).size).toBeGreaterThan(20);
    expect(lines.map((_, index) => steer(index, 0))).toEqual(lines);
    expect(steer(0, 1)).not.toBe(lines[0]);
  });

  it("uses the recipe's own lists, and keeps lengths inside the text field's schema", () => {
    const steer = createVarietySteering(
      recipeWith("{ personas: [a beekeeper], registers: [formal], lengths: [1, 500] }"),
    )!;
    const lines = Array.from({ length: 20 }, (_, index) => steer(index, 0)!);
    expect(lines.every((line) => line.startsWith("Write it as a beekeeper would"))).toBe(true);
    // minLength 20 → at least 4 words; maxLength 120 → at most 20.
    expect(new Set(lines.map((line) => /about (\d+) words/.exec(line)![1]))).toEqual(new Set(["4", "20"]));
  });

  it("draws lengths from real texts and speaks Chinese for a Chinese recipe", () => {
    const steer = createVarietySteering(recipeWith("{ personas: true }", "zh", "{ type: string }"), [
      "味道不错，送餐很快！",
    ])!;
    expect(steer(3, 0)).toMatch(/^以.+的身份来写，不用自我介绍。长度约8个字。/);
  });
});

describe("textLength", () => {
  it("counts words, or Chinese characters without punctuation", () => {
    expect(textLength("Wow... Loved this place.", "en")).toBe(4);
    expect(textLength("味道不错，送餐很快！", "zh")).toBe(8);
  });
});
