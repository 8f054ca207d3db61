import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import type { RunRow, Store } from "../../store/Store.js";

/**
 * The id of the run of a recipe: its name and the start of its hash. Rerunning the same
 * recipe continues the same run; any change to the recipe starts a new one.
 */
export function runIdFor(loaded: LoadedRecipe): string {
  return `${loaded.recipe.name}-${loaded.hash.slice(0, 12)}`;
}

/**
 * The run a command given a recipe file reads: the recipe's own run, else the latest run of the
 * recipe's name. A `run --count N` run hashes the changed count (`withCount`) and an annotation
 * run its input file, so neither has the file's own id; `train` and `evaluate` already read the
 * latest run of the name, and `export` and `check` must find the same run.
 */
export function findRecipeRun(
  store: Pick<Store, "getRun" | "latestRun">,
  loaded: LoadedRecipe,
): RunRow | undefined {
  return store.getRun(runIdFor(loaded)) ?? store.latestRun(loaded.recipe.name);
}
