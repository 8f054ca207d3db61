import type { FieldSpecs } from "../../core/fields/fieldSpecs.js";
import { resolveFieldSpecs } from "../../core/fields/resolveFieldSpecs.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";
import { findBuiltinTemplate } from "../../generate/templates/builtinTemplates.js";

/**
 * What each output field of a recipe is: the task's defaults, the built-in template's
 * declarations (`fieldKinds`), then the recipe's `quality.fields`. The verifier and the quality
 * stage check each field as its kind asks.
 */
export function fieldSpecsOf(recipe: Recipe): FieldSpecs {
  const template = recipe.template.id === undefined ? undefined : findBuiltinTemplate(recipe.template.id);
  return resolveFieldSpecs(recipe, template?.fieldKinds);
}
