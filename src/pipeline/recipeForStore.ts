import type { Recipe } from "../core/recipe/recipeSchema.js";

/** The recipe as stored with its run: a copy with secrets (the model's `apiKey`) removed. */
export function recipeForStore(recipe: Recipe): Recipe {
  const { apiKey: _secret, ...model } = recipe.model;
  return { ...recipe, model };
}
