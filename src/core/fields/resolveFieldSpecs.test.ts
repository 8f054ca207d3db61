import { describe, expect, it } from "vitest";
import { instructionOutputYaml } from "../../../test/support/labelledRecipe.js";
import { RecipeError } from "../errors/RecipeError.js";
import { parseRecipe } from "../recipe/loadRecipe.js";
import { guessFieldSpecs } from "./fieldSpecs.js";
import { resolveFieldSpecs } from "./resolveFieldSpecs.js";

const recipe = (
  extra: string,
  description = "Instruction data for a support assistant.",
) => `name: instructions
task: instruction
description: ${description}
${instructionOutputYaml}plan:
  count: 10
template:
  prompt: "Write an instruction."
${extra}`;

function errorOf(source: string): RecipeError {
  try {
    parseRecipe(source, "recipe.yaml");
  } catch (error) {
    if (error instanceof RecipeError) return error;
    throw error;
  }
  throw new Error("expected a RecipeError");
}

describe("resolveFieldSpecs", () => {
  it("gives instruction data its kinds by field name, the answer answering the instruction", () => {
    const { recipe: parsed } = parseRecipe(recipe(""), "recipe.yaml");
    expect(resolveFieldSpecs(parsed)).toEqual({
      instruction: { kind: "instruction" },
      input: { kind: "input" },
      output: { kind: "answer", from: ["instruction"] },
    });
  });

  it("lays the template's declarations, then the recipe's quality.fields over the defaults", () => {
    const { recipe: parsed } = parseRecipe(
      recipe(
        'quality:\n  fields:\n    output: { kind: code, checks: { repetition: false, leak: true }, phrases: { leak: ["as of my last update"] } }\n',
      ),
      "recipe.yaml",
    );
    const specs = resolveFieldSpecs(parsed, { input: { kind: "text", language: "fr" } });
    expect(specs.input).toEqual({ kind: "text", language: "fr" });
    expect(specs.output).toEqual({
      kind: "code",
      from: ["instruction"],
      off: ["repetition"],
      phrases: { leak: ["as of my last update"] },
    });
  });

  it("makes a classification text field a review only when the recipe asks for reviews", () => {
    const source = (description: string) => `name: c
task: classification
description: ${description}
output:
  schema: { type: object, properties: { text: {type: string}, label: {type: string, enum: [a, b]} }, required: [text, label] }
  labelField: label
plan: { count: 4 }
template: { prompt: "x" }
`;
    const reviews = parseRecipe(source("Short customer reviews of cafes."), "r.yaml").recipe;
    const news = parseRecipe(source("News headlines by topic."), "r.yaml").recipe;
    expect(resolveFieldSpecs(reviews)).toEqual({ text: { kind: "review" }, label: { kind: "label" } });
    expect(resolveFieldSpecs(news)).toEqual({ text: { kind: "text" }, label: { kind: "label" } });
  });

  it("refuses a field the output schema does not have, and a `from` naming one, at its line", () => {
    const unknown = errorOf(recipe("quality:\n  fields:\n    answer: { kind: answer }\n"));
    expect(unknown.message).toBe(
      'recipe.yaml:19:13: field `quality.fields.answer` names "answer", which is not a property of output.schema (its properties: instruction, input, output)',
    );
    expect(unknown.exitCode).toBe(2);
    const from = errorOf(recipe("quality:\n  fields:\n    output: { from: [question] }\n"));
    expect(from.message).toMatch(
      /^recipe\.yaml:19:\d+: field `quality\.fields\.output\.from\.0` names "question"; expected another property of output\.schema \(instruction, input\)$/,
    );
  });

  it("refuses an unknown kind or check and a phrase that is not a regular expression, naming the field", () => {
    expect(errorOf(recipe("quality:\n  fields:\n    output: { kind: essay }\n")).message).toMatch(
      /field `quality\.fields\.output\.kind`.*review/,
    );
    expect(
      errorOf(recipe("quality:\n  fields:\n    output: { checks: { grammar: false } }\n")).message,
    ).toMatch(/field `quality\.fields\.output\.checks/);
    expect(
      errorOf(recipe('quality:\n  fields:\n    output: { phrases: { leak: ["(unclosed"] } }\n')).message,
    ).toMatch(/field `quality\.fields\.output\.phrases\.leak\.0`.*regular expression that compiles/);
  });

  it("reads kinds off a file's column names, and none off a plain text file", () => {
    expect(guessFieldSpecs(["id", "instruction", "context", "response"])).toEqual({
      instruction: { kind: "instruction" },
      response: { kind: "answer", from: ["instruction"] },
    });
    expect(guessFieldSpecs(["text", "label"])).toBeUndefined();
    // KUAKE-QIC's columns: a patient's question, not an instruction; with an answer, one.
    expect(guessFieldSpecs(["id", "query", "label"])).toEqual({ query: { kind: "query" } });
    expect(guessFieldSpecs(["query", "response"])).toEqual({
      query: { kind: "instruction" },
      response: { kind: "answer", from: ["query"] },
    });
  });
});
