import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { TrainSettings } from "../core/recipe/trainSchema.js";
import { translationDirectionOf } from "../core/recipe/translationDirectionOf.js";
import { defaultModelName, defaultStudentModelName } from "../providers/registry/defaultModels.js";

/** Languages the default student (SmolLM2) does not know; a recipe that needs one gets the Qwen student. */
const beyondSmolLm = new Set(["zh", "ja", "ko"]);

/**
 * The student and training task a recipe trains when its `train` section names none. A
 * translation recipe trains chat-style (source in, translation out); when Chinese (or Japanese,
 * Korean) is on either side, its student is Qwen2.5-Coder-0.5B-Instruct, the registry's model
 * that reads and writes Chinese, since SmolLM2-135M has none. Everything else keeps SmolLM2-135M
 * and label classification.
 */
export function recipeTrainDefaults(recipe: Recipe): { baseModel: string; task: "classification" | "sft" } {
  const pair = translationDirectionOf(recipe);
  const languages = pair === undefined ? [recipe.language] : [pair.source, pair.target, recipe.language];
  const needsQwen =
    recipe.task === "translation" &&
    languages.some((language) => beyondSmolLm.has(language.toLowerCase().split(/[-_]/)[0] ?? ""));
  return {
    baseModel: needsQwen ? defaultModelName : defaultStudentModelName,
    task: recipe.task === "translation" ? "sft" : "classification",
  };
}

/** A recipe's training settings with the base model and task filled in (the recipe's, else its defaults). */
export function withRecipeTrainDefaults(
  settings: TrainSettings,
  recipe: Recipe,
): TrainSettings & { baseModel: string; task: "classification" | "sft" } {
  const defaults = recipeTrainDefaults(recipe);
  return {
    ...settings,
    baseModel: settings.baseModel ?? defaults.baseModel,
    task: settings.task ?? defaults.task,
  };
}
