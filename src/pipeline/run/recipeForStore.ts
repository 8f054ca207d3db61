import { stripUrlCredentials } from "../../core/net/urlCredentials.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";

/**
 * The recipe as stored with its run: a copy without secrets. Every `apiKey` field is dropped,
 * wherever it sits (the model, a judge), and credentials written into any URL
 * (`http://user:key@host`) are removed, so neither reaches the store, a report or an export.
 */
export function recipeForStore(recipe: Recipe): Recipe {
  return withoutSecrets(recipe) as Recipe;
}

function withoutSecrets(value: unknown): unknown {
  if (typeof value === "string") return stripUrlCredentials(value);
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "apiKey")
        .map(([key, item]) => [key, withoutSecrets(item)]),
    );
  }
  return value;
}
