import type { Recipe } from "./recipeSchema.js";

/** The label field's values (its schema enum, else the label dimension's values), for the leak check. */
export function labelsOf(recipe: Recipe): string[] {
  const field = recipe.output.labelField;
  if (field === undefined) return [];
  const properties = (recipe.output.schema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  const values = properties[field]?.enum;
  if (Array.isArray(values)) return values.map(String);
  const dimension = recipe.dimensions[field];
  if (Array.isArray(dimension)) return dimension.map(String);
  if (dimension && typeof dimension === "object") return Object.keys(dimension);
  return [];
}
