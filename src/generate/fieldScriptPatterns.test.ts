import { describe, expect, it } from "vitest";
import { translationPairRecipeYaml } from "../../test/support/labelledRecipe.js";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import { chineseOpening, latinBesideChinese } from "../core/text/scriptPatterns.js";
import { fieldSpecsOf } from "../pipeline/verify/fieldSpecsOf.js";
import { fieldScriptPatterns } from "./fieldScriptPatterns.js";

const patternsOf = (yaml: string) => {
  const { recipe } = parseRecipe(yaml, "recipe.yaml");
  return fieldScriptPatterns(recipe, fieldSpecsOf(recipe));
};

const pair = translationPairRecipeYaml;

describe("fieldScriptPatterns", () => {
  it("decodes a zh→en pair's source as Chinese and its translation without Han", () => {
    expect(patternsOf(pair("zh", "translation-zh-en"))).toEqual({
      text: chineseOpening,
      translation: latinBesideChinese,
    });
  });

  it("decodes an en→zh pair the other way round", () => {
    expect(patternsOf(pair("en", "translation-en-zh"))).toEqual({
      text: latinBesideChinese,
      translation: chineseOpening,
    });
  });

  it("frees a field whose language check the recipe turns off", () => {
    const off = "quality: { fields: { text: { checks: { language: false } } } }";
    expect(patternsOf(pair("zh", "translation-zh-en", off))).toEqual({ translation: latinBesideChinese });
  });

  it("decodes a Chinese recipe's prose fields as Chinese, and leaves labels, answers and English recipes free", () => {
    const intents = `
name: intents
language: zh
output:
  schema:
    type: object
    properties: { label: { type: string, enum: [治疗方案, 病因分析] }, text: { type: string } }
    required: [label, text]
  labelField: label
  textField: text
plan: { count: 2 }
template: { id: classification-intent-zh }
`;
    expect(patternsOf(intents)).toEqual({ text: chineseOpening });
    expect(patternsOf(intents.replace("language: zh", "language: en").replace("-zh", "-en"))).toEqual({});
    const instructions = `
name: assistant
language: zh
task: instruction
output:
  schema:
    type: object
    properties: { instruction: { type: string }, output: { type: string } }
    required: [instruction, output]
  textField: instruction
plan: { count: 2 }
template: { phrasings: ["写一条指令和它的回答。"] }
`;
    expect(patternsOf(instructions)).toEqual({});
  });
});
