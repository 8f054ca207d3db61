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

const at = (index: number, cell: Record<string, string> = { label: "positive" }) => ({ index, cell });

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
    const lines = Array.from({ length: 30 }, (_, index) => steer(at(index), 0)!);
    expect(lines[0]).toMatch(
      /^Write it as .+ would, without introducing yourself\. Tone: .+\. Length: about (4|9|15) words\./,
    );
    expect(new Set(lines).size).toBeGreaterThan(20);
    expect(lines.map((_, index) => steer(at(index), 0))).toEqual(lines);
    expect(steer(at(0), 1)).not.toBe(lines[0]);
  });

  it("uses the recipe's own lists, and keeps lengths inside the text field's schema", () => {
    const steer = createVarietySteering(
      recipeWith("{ personas: [a beekeeper], registers: [formal], lengths: [1, 500] }"),
    )!;
    const lines = Array.from({ length: 20 }, (_, index) => steer(at(index), 0)!);
    expect(lines.every((line) => line.startsWith("Write it as a beekeeper would"))).toBe(true);
    // minLength 20 → at least 4 words; maxLength 120 → at most 20.
    expect(new Set(lines.map((line) => /about (\d+) words/.exec(line)![1]))).toEqual(new Set(["4", "20"]));
  });

  it("draws lengths from real texts and speaks Chinese for a Chinese recipe", () => {
    const steer = createVarietySteering(recipeWith("{ personas: true }", "zh", "{ type: string }"), [
      "味道不错，送餐很快！",
    ])!;
    expect(steer(at(3), 0)).toMatch(/^以.+的身份来写，不用自我介绍。长度约8个字。/);
  });
});

describe("createVarietySteering subjects", () => {
  it("draws a subject per slot from a plain list", () => {
    const steer = createVarietySteering(recipeWith("{ subjects: [the pad thai, the bill, the wait] }"))!;
    const lines = Array.from({ length: 30 }, (_, index) => steer(at(index), 0)!);
    expect(new Set(lines.map((line) => /^Write about this in particular: (.+?)\. /.exec(line)![1]))).toEqual(
      new Set(["the pad thai", "the bill", "the wait"]),
    );
    // The subject is the record's detail: no request for another one, which made answers too long.
    expect(lines.every((line) => line.endsWith(" Keep to the length asked for."))).toBe(true);
  });

  it("draws from the list of the slot's cell value, and none for a value the map does not list", () => {
    const steer = createVarietySteering(
      recipeWith("{ subjects: { positive: [the dessert], negative: [the noise, the parking] } }"),
    )!;
    const subjectOf = (cell: Record<string, string>) =>
      Array.from({ length: 20 }, (_, index) => /particular: (.+?)\. /.exec(steer(at(index, cell), 0)!)?.[1]);
    expect(new Set(subjectOf({ label: "positive" }))).toEqual(new Set(["the dessert"]));
    expect(new Set(subjectOf({ label: "negative" }))).toEqual(new Set(["the noise", "the parking"]));
    expect(new Set(subjectOf({ label: "neutral" }))).toEqual(new Set([undefined]));
  });

  it("names the subject in Chinese for a Chinese recipe", () => {
    const steer = createVarietySteering(recipeWith("{ subjects: [酸菜鱼] }", "zh", "{ type: string }"))!;
    expect(steer(at(0), 0)).toMatch(/^具体写：酸菜鱼。/);
  });
});

describe("textLength", () => {
  it("counts words, or Chinese characters without punctuation", () => {
    expect(textLength("Wow... Loved this place.", "en")).toBe(4);
    expect(textLength("味道不错，送餐很快！", "zh")).toBe(8);
  });
});
