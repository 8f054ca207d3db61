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

// The majority vote compares free text by BERTScore when asked (docs/strategies.md); its
// encoder fields belong to that similarity only.
describe("recipe fields of the BERTScore vote and field pairs", () => {
  it("accepts majority votes compared by BERTScore, with an encoder and layer, and hashes as before without them", () => {
    const plain = parseRecipe(recipe("strategies:\n  majorityVote: { samples: 3 }\n"), "recipe.yaml");
    const loaded = parseRecipe(
      recipe(
        "strategies:\n  majorityVote: { samples: 3, similarity: bertscore, encoder: all-minilm-l6-v2, layer: 6 }\n",
      ),
      "recipe.yaml",
    );
    expect(loaded.recipe.strategies.majorityVote).toMatchObject({
      similarity: "bertscore",
      encoder: "all-minilm-l6-v2",
      layer: 6,
    });
    expect(plain.recipe.strategies.majorityVote).not.toHaveProperty("encoder");
    expect(plain.recipe.strategies.majorityVote).not.toHaveProperty("layer");
  });

  it("rejects an encoder on a vote compared by ROUGE-L, naming file, line and field", () => {
    const error = errorOf(recipe("strategies:\n  majorityVote: { samples: 3, encoder: all-minilm-l6-v2 }\n"));
    expect(error.message).toMatch(
      /^recipe\.yaml:13:\d+: field `strategies\.majorityVote` .*`encoder` and `layer` only with `similarity: bertscore`/,
    );
  });

  it("rejects a similarity the vote does not know, naming file, line and field", () => {
    const error = errorOf(recipe("strategies:\n  majorityVote: { samples: 3, similarity: bleu }\n"));
    expect(error.message).toBe(
      'recipe.yaml:13:43: field `strategies.majorityVote.similarity` expected one of "rouge-l", "bertscore", got "bleu"',
    );
  });

  it("rejects BERTScore field pairs that are not pairs, naming file, line and field", () => {
    const error = errorOf(recipe("quality:\n  bertScore:\n    pairs: [[source]]\n"));
    expect(error.message).toBe(
      "recipe.yaml:14:13: field `quality.bertScore.pairs.0` expected a list of length >= 2, got a list",
    );
  });
});
