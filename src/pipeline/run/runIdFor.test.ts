import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewOutputYaml } from "../../../test/support/labelledRecipe.js";
import { type LoadedRecipe, parseRecipe } from "../../core/recipe/loadRecipe.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { findRecipeRun, runIdFor } from "./runIdFor.js";
import { withCount } from "./withCount.js";

let directory: string;
let store: SqliteStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-run-id-"));
  store = openStore(path.join(directory, "store.sqlite"));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function recipe(name = "demo"): LoadedRecipe {
  return parseRecipe(
    `
name: ${name}
${reviewOutputYaml}dimensions:
  label: [positive, negative]
plan: { count: 8, seed: 3 }
template:
  system: You write short reviews.
  prompt: "Write a {{ label }} review."
`,
    path.join(directory, `${name}.yaml`),
  );
}

function start(loaded: LoadedRecipe) {
  return store.ensureRun({
    id: runIdFor(loaded),
    recipeName: loaded.recipe.name,
    recipeHash: loaded.hash,
    recipe: loaded.recipe,
    target: loaded.recipe.plan.count,
  });
}

describe("findRecipeRun", () => {
  it("finds a `run --count` run from the recipe file, whose own id it does not have", () => {
    const loaded = recipe();
    const counted = withCount(loaded, 100);
    expect(runIdFor(counted)).not.toBe(runIdFor(loaded));
    start(counted);
    expect(findRecipeRun(store, loaded)?.id).toBe(runIdFor(counted));
  });

  it("prefers the recipe's own run, and never returns another recipe's", () => {
    const loaded = recipe();
    start(loaded);
    start(recipe("other"));
    expect(findRecipeRun(store, loaded)?.id).toBe(runIdFor(loaded));
    expect(findRecipeRun(store, recipe("third"))).toBeUndefined();
  });
});
