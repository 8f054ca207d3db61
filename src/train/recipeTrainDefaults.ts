import { findEntityField } from "../core/entities/entityField.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { TrainSettings, TrainTask } from "../core/recipe/trainSchema.js";
import { translationDirectionOf } from "../core/recipe/translationDirectionOf.js";
import { defaultModelName, defaultStudentModelName } from "../providers/registry/defaultModels.js";
import { defaultStudentFor, studentForTask } from "./defaultStudent.js";

/**
 * The student and training task a recipe trains when its `train` section names none. The
 * student follows the recipe's languages (`defaultStudentFor`): SmolLM2-135M when every language
 * involved is English, else Qwen2.5-Coder-0.5B-Instruct; for a translation recipe both sides
 * count, so zh→en and en→zh get the Qwen student. A classification or multi-label recipe trains
 * label classification, unless its output holds an entity list: in English that trains a
 * tagging head on the English encoder (token classification: entity F1 0.67 against 0.07 for
 * SmolLM2-135M writing the list as JSON, on 100 real CoNLL-2003 sentences, and far faster to
 * train and tag; bench/ner/tokenHead.ts), in any other language text in and the entities as JSON out (no
 * Chinese encoder installs offline). Every other task (translation, instruction, qa,
 * summarization, dialogue, paraphrase, rewriting) writes text, so it trains chat-style too.
 */
export function recipeTrainDefaults(recipe: Recipe): { baseModel: string; task: TrainTask } {
  const { languageStudent, task } = recipeStudent(recipe);
  return { baseModel: studentForTask(task, languageStudent), task };
}

/** The instruct student of a recipe's languages, and its default task. */
function recipeStudent(recipe: Recipe): { languageStudent: string; task: TrainTask } {
  const pair = translationDirectionOf(recipe);
  const languages = pair === undefined ? [recipe.language] : [pair.source, pair.target, recipe.language];
  const allEnglish = languages.every((language) => defaultStudentFor(language) === defaultStudentModelName);
  const labels = recipe.task === "classification" || recipe.task === "multi-label";
  const entities =
    findEntityField(recipe.output.schema, recipe.output.textField, recipe.language) !== undefined;
  return {
    languageStudent: allEnglish ? defaultStudentModelName : defaultModelName,
    task: entities && allEnglish ? "token-classification" : !labels || entities ? "sft" : "classification",
  };
}

/**
 * A recipe's training settings with the base model and task filled in (the recipe's, else its
 * defaults): a task named without a base model gets that task's student (the encoder for a
 * tagging head, the languages' instruct model for the others).
 */
export function withRecipeTrainDefaults(
  settings: TrainSettings,
  recipe: Recipe,
): TrainSettings & { baseModel: string; task: TrainTask } {
  const { languageStudent, task: defaultTask } = recipeStudent(recipe);
  const task = settings.task ?? defaultTask;
  return { ...settings, baseModel: settings.baseModel ?? studentForTask(task, languageStudent), task };
}
