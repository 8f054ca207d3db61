import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";

/**
 * The id of the run of a recipe: its name and the start of its hash. Rerunning the same
 * recipe continues the same run; any change to the recipe starts a new one.
 */
export function runIdFor(loaded: LoadedRecipe): string {
  return `${loaded.recipe.name}-${loaded.hash.slice(0, 12)}`;
}
