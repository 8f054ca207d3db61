import { describe, expect, it } from "vitest";
import { RecipeError } from "../core/errors/RecipeError.js";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import { prepareGeneration } from "./prepareGeneration.js";

const recipeWith = (template: string) => `name: reviews
output:
  schema:
    type: object
    properties:
      text: {type: string}
    required: [text]
plan:
  count: 2
template:
${template}
`;

describe("prepareGeneration", () => {
  it("names the recipe file, line and field of a template that does not parse", async () => {
    const loaded = parseRecipe(recipeWith('  prompt: "Write a {{ label review."'), "recipe.yaml");
    const error = await prepareGeneration(loaded).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecipeError);
    expect((error as RecipeError).message).toMatch(
      /^recipe\.yaml:11:11: field `template\.prompt` expected a template that parses: /,
    );
  });

  it("points at the phrasing that does not parse", async () => {
    const loaded = parseRecipe(
      recipeWith('  phrasings:\n    - "Write a review."\n    - "Write {% if %} one."'),
      "recipe.yaml",
    );
    const error = await prepareGeneration(loaded).catch((caught: unknown) => caught);
    expect((error as RecipeError).message).toMatch(/^recipe\.yaml:13:7: field `template\.phrasings\.1` /);
  });
});
