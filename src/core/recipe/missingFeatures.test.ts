import { describe, expect, it } from "vitest";
import { RecipeError } from "../errors/RecipeError.js";
import { parseRecipe } from "./loadRecipe.js";

const recipe = (extra: string) => `name: reviews
output:
  schema:
    type: object
    properties:
      text: {type: string}
    required: [text]
plan:
  count: 10
template:
  prompt: "Write a review."
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

// BERTScore is not computed anywhere yet: configuring it is an error, not a gate that never fails.
describe("recipe fields of features that do not exist yet", () => {
  it("rejects majority votes compared by BERTScore, naming file, line and field", () => {
    const error = errorOf(recipe("strategies:\n  majorityVote: { samples: 3, similarity: bertscore }\n"));
    expect(error.message).toBe(
      'recipe.yaml:13:43: field `strategies.majorityVote.similarity` expected one of "rouge-l", got "bertscore"',
    );
  });

  it("rejects a BERTScore gate, naming file, line and field", () => {
    const error = errorOf(recipe("quality:\n  gates:\n    bertScore: 0.9\n"));
    expect(error.message).toMatch(/^recipe\.yaml:14:5: field `quality\.gates` has unknown key `bertScore`/);
  });
});
