import path from "node:path";
import { findEntityField } from "../core/entities/entityField.js";
import { RecipeError } from "../core/errors/RecipeError.js";
import { labelGuideOf } from "../core/labels/labelGuide.js";
import type { LoadedRecipe } from "../core/recipe/loadRecipe.js";
import { translationDirectionOf } from "../core/recipe/translationDirectionOf.js";
import type { ReferenceSet } from "./readReferenceExamples.js";

/** What a recipe's `evaluate` section and task give the evaluation. */
export interface RecipeEvaluationInputs {
  /** The real data of `evaluate.reference`, paths resolved against the recipe's folder. */
  reference: ReferenceSet | undefined;
  limit: number | undefined;
  /** Target language of a translation recipe (sacrebleu's chrF and BLEU). */
  translationTarget: string | undefined;
  /** Room for an extraction recipe's entity list, past the worker's default answer length. */
  maxNewTokens: number | undefined;
}

/**
 * The evaluation a recipe asks for, so that `synthforge evaluate <recipe>` and `run`'s
 * train-and-evaluate need no flags: an NER file (`format: conll | cluener | mentions`) is read
 * as entity lists typed by the recipe's enum, a parallel corpus (`targetFile`) as translations.
 * A table leaves out the texts the recipe's `labels` section showed the generator as examples.
 * A layout the recipe's task cannot be scored on is a RecipeError naming the field.
 */
export function recipeEvaluationInputs(loaded: LoadedRecipe): RecipeEvaluationInputs {
  const { recipe } = loaded;
  const entityField = findEntityField(recipe.output.schema, recipe.output.textField, recipe.language);
  const translationTarget = translationDirectionOf(recipe)?.target;
  const settings = recipe.evaluate?.reference;
  const fail = (field: string, problem: string): never => {
    const at = ["evaluate", "reference", field];
    throw new RecipeError({ file: loaded.file, ...loaded.locate(at), field: at.join(".") }, problem);
  };
  if (
    settings?.format === "instruction" &&
    (recipe.task === "classification" || recipe.task === "multi-label" || entityField !== undefined)
  ) {
    fail(
      "format",
      "instruction data scores a student that writes answers, but this recipe trains labels or entities",
    );
  }
  if (
    settings?.format !== undefined &&
    settings.format !== "table" &&
    settings.format !== "instruction" &&
    entityField === undefined
  ) {
    fail(
      "format",
      `${settings.format} is an NER file, but output.schema has no entity list (items {text, type}) to score it against`,
    );
  }
  if (settings?.targetFile !== undefined && translationTarget === undefined) {
    fail(
      "targetFile",
      "a parallel corpus needs a translation recipe (task: translation, template translation-<source>-<target>)",
    );
  }
  const resolve = (file: string) => path.resolve(loaded.directory, file);
  // A student is never scored on a text the generator was shown as a label example.
  const shown = (labelGuideOf(recipe) ?? []).flatMap((meaning) => meaning.examples);
  return {
    reference:
      settings === undefined
        ? undefined
        : {
            file: resolve(settings.file),
            format: settings.format,
            targetFile: settings.targetFile === undefined ? undefined : resolve(settings.targetFile),
            textColumn: settings.textColumn,
            labelColumn: settings.labelColumn,
            labelMap: settings.labelMap,
            entityTypes: entityField?.types,
            ...(shown.length > 0 ? { exclude: shown } : {}),
          },
    limit: recipe.evaluate?.limit,
    translationTarget,
    // A sentence with several mentions, or an answer to an instruction, runs past the worker's 64 tokens.
    maxNewTokens: entityField !== undefined || settings?.format === "instruction" ? 160 : undefined,
  };
}
