import { findEntityField } from "../core/entities/entityField.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { TrainSettings } from "../core/recipe/trainSchema.js";
import { translationDirectionOf } from "../core/recipe/translationDirectionOf.js";
import { defaultModelName, defaultStudentModelName } from "../providers/registry/defaultModels.js";
import { defaultStudentFor } from "./defaultStudent.js";

/**
 * The student and training task a recipe trains when its `train` section names none. The
 * student follows the recipe's languages (`defaultStudentFor`): SmolLM2-135M when every language
 * involved is English, else Qwen2.5-Coder-0.5B-Instruct; for a translation recipe both sides
 * count, so zh→en and en→zh get the Qwen student. A classification or multi-label recipe trains
 * label classification, unless its output holds an entity list (text in, the entities as JSON
 * out: chat-style); every other task (translation, instruction, qa, summarization, dialogue,
 * paraphrase, rewriting) writes text, so it trains chat-style too.
 */
export function recipeTrainDefaults(recipe: Recipe): { baseModel: string; task: "classification" | "sft" } {
  const pair = translationDirectionOf(recipe);
  const languages = pair === undefined ? [recipe.language] : [pair.source, pair.target, recipe.language];
  const allEnglish = languages.every((language) => defaultStudentFor(language) === defaultStudentModelName);
  const labels = recipe.task === "classification" || recipe.task === "multi-label";
  const generates =
    !labels || findEntityField(recipe.output.schema, recipe.output.textField, recipe.language) !== undefined;
  return {
    baseModel: allEnglish ? defaultStudentModelName : defaultModelName,
    task: generates ? "sft" : "classification",
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
