import type { Config } from "../core/config.js";
import type { EventSink } from "../core/events.js";
import { type FieldSpecs, guessFieldSpecs } from "../core/fields/fieldSpecs.js";
import { resolveFieldSpecs } from "../core/fields/resolveFieldSpecs.js";
import { createPlan } from "../core/plan/createPlan.js";
import { labelsOf } from "../core/recipe/labelsOf.js";
import { qualitySchema } from "../core/recipe/qualitySchema.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { assessQuality, labelDimensionOf, readRecipeReference } from "./assessQuality.js";
import type { FilterOutcome } from "./filters/FilterOutcome.js";
import { type ColumnOptions, readDatasetFile, readReferenceCorpus } from "./io/readDatasetFile.js";
import type { Judge } from "./judge/createJudge.js";
import { planCounts } from "./planCounts.js";
import type { QualityReport } from "./QualityReport.js";
import { guessLanguage } from "./text/isCjkLanguage.js";

/** Inputs of checkDataset: a user's data file, optionally a reference corpus and a recipe. */
export interface CheckDatasetOptions extends ColumnOptions {
  /** JSONL, CSV (with header) or TSV file. */
  file: string;
  /** Real reference corpus (JSONL, CSV, TSV), with its own column mapping. */
  reference?: { file: string; textColumn?: string; labelColumn?: string };
  /**
   * A recipe supplies gates, filters, lexicon, language, the plan to compare balance with, the
   * data's columns (`output.textField`, `output.labelField`) and the reference corpus
   * (`quality.reference`) when no `reference` is given.
   */
  recipe?: Recipe;
  /** Folder the recipe's relative paths resolve against [cwd]. */
  recipeDirectory?: string;
  /** Language of the texts [recipe's, else guessed from the texts: zh or en]. */
  language?: string;
  /** Aborting (Ctrl-C) stops the check with CancelledError. */
  signal?: AbortSignal;
  /**
   * Makes the judge for the dataset's labels (the recipe's, else those found in its label
   * column): every record that passes the filters is verified by its 2-of-3 vote and rubric.
   */
  judge?: (labels: readonly string[]) => Judge;
  /** Progress of the judge and the worker checks. */
  events?: EventSink;
  /** Cache folders of the worker checks [from the environment]. */
  config?: Config;
  /**
   * What each field is [the recipe's fields (task defaults and `quality.fields`), else read off
   * the file's column names: instruction, input, output, response, ...; neither: the text column
   * gets the review pre-filter].
   */
  fields?: FieldSpecs;
}

/**
 * `synthforge check` on any dataset, not only runs: reads the file, applies the filters in
 * memory (nothing is stored), measures every metric and evaluates the gates.
 */
export async function checkDataset(
  options: CheckDatasetOptions,
): Promise<{ report: QualityReport; outcome: FilterOutcome }> {
  const recipe = options.recipe;
  const { records } = await readDatasetFile(options.file, {
    textColumn: options.textColumn,
    labelColumn: options.labelColumn,
    preferredTextColumn: recipe?.output.textField,
    preferredLabelColumn: recipe?.output.labelField,
    dimensions: options.dimensions ?? Object.keys(recipe?.dimensions ?? {}),
  });
  const reference = options.reference
    ? await readReferenceCorpus(options.reference.file, {
        textColumn: options.reference.textColumn,
        labelColumn: options.reference.labelColumn,
      })
    : recipe
      ? await readRecipeReference(recipe.quality, options.recipeDirectory)
      : undefined;
  const language =
    options.language ??
    recipe?.language ??
    guessLanguage(records.flatMap((record) => (record.text === undefined ? [] : [record.text])));
  const dimensions = Object.keys(recipe?.dimensions ?? {});
  const labelField = recipe?.output.labelField;
  const fields =
    options.fields ??
    (recipe ? resolveFieldSpecs(recipe) : guessFieldSpecs(Object.keys(records[0]?.data ?? {})));
  const quality = recipe?.quality ?? qualitySchema.parse({});
  const labels =
    recipe && labelsOf(recipe).length > 0
      ? labelsOf(recipe)
      : [...new Set(records.flatMap((record) => (record.label ? [record.label] : [])))].sort();
  return assessQuality({
    records,
    source: { kind: "file", file: options.file },
    language,
    quality,
    reference,
    plan:
      recipe && dimensions.length > 0 ? planCounts(createPlan(recipe.dimensions, recipe.plan)) : undefined,
    ...(recipe === undefined ? {} : { description: recipe.description }),
    ...(fields === undefined ? {} : { fields }),
    labelDimension: recipe ? labelDimensionOf(recipe) : undefined,
    directory: options.recipeDirectory,
    ...(options.config ? { config: options.config } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.judge
      ? { verifyWith: { judge: options.judge(labels), labelField: labelField ?? "label" } }
      : {}),
    signal: options.signal,
  });
}
