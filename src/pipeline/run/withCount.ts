import { createHash } from "node:crypto";
import { type LoadedRecipe, stableStringify } from "../../core/recipe/loadRecipe.js";

/** The recipe with `plan.count` replaced (a `--count` override); its hash, and so its run, changes with it. */
export function withCount(loaded: LoadedRecipe, count: number): LoadedRecipe {
  if (count === loaded.recipe.plan.count) return loaded;
  const recipe = { ...loaded.recipe, plan: { ...loaded.recipe.plan, count } };
  return { ...loaded, recipe, hash: createHash("sha256").update(stableStringify(recipe)).digest("hex") };
}
