import { createPlan } from "../../core/plan/createPlan.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import type { Store } from "../../store/Store.js";
import { recipeForStore } from "./recipeForStore.js";

/**
 * Records a run in the store as started: the run (created once, its recipe without secrets and
 * `target` records), its plan slots from the recipe's control dimensions, and the status "running".
 */
export function startStoredRun(store: Store, loaded: LoadedRecipe, runId: string, target: number): void {
  const { recipe } = loaded;
  store.ensureRun({
    id: runId,
    recipeName: recipe.name,
    recipeHash: loaded.hash,
    recipe: recipeForStore(recipe),
    target,
  });
  store.putPlan(runId, createPlan(recipe.dimensions, recipe.plan));
  store.setRunStatus(runId, "running");
}
