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

// The majority vote does not compare free text by BERTScore yet (the quality stage computes
// BERTScore of field pairs; the vote runs during generation): configuring it is an error.
describe("recipe fields of features that do not exist yet", () => {
  it("rejects majority votes compared by BERTScore, naming file, line and field", () => {
    const error = errorOf(recipe("strategies:\n  majorityVote: { samples: 3, similarity: bertscore }\n"));
    expect(error.message).toBe(
      'recipe.yaml:13:43: field `strategies.majorityVote.similarity` expected one of "rouge-l", got "bertscore"',
    );
  });

  it("rejects BERTScore field pairs that are not pairs, naming file, line and field", () => {
    const error = errorOf(recipe("quality:\n  bertScore:\n    pairs: [[source]]\n"));
    expect(error.message).toBe(
      "recipe.yaml:14:13: field `quality.bertScore.pairs.0` expected a list of length >= 2, got a list",
    );
  });
});
