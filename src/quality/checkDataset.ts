import path from "node:path";
import type { Config } from "../core/config.js";
import type { EventSink } from "../core/events.js";
import { type FieldSpecs, guessFieldSpecs } from "../core/fields/fieldSpecs.js";
import { resolveFieldSpecs } from "../core/fields/resolveFieldSpecs.js";
import { createPlan } from "../core/plan/createPlan.js";
import { labelsOf } from "../core/recipe/labelsOf.js";
import { qualitySchema } from "../core/recipe/qualitySchema.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { buildQualityReport } from "./buildQualityReport.js";
import type { FilterOutcome } from "./filters/FilterOutcome.js";
import { type ColumnOptions, readDatasetFile, readReferenceCorpus } from "./io/readDatasetFile.js";
import type { Judge } from "./judge/createJudge.js";
import { judgeDataset } from "./judgeDataset.js";
import { planCounts } from "./planCounts.js";
import type { QualityReport } from "./QualityReport.js";
import { guessLanguage } from "./text/isCjkLanguage.js";
import { runWorkerChecks } from "./worker/runWorkerChecks.js";

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
  const fromRecipe = recipe?.quality.reference;
  const referenceSource =
    options.reference ??
    (fromRecipe
      ? { ...fromRecipe, file: path.resolve(options.recipeDirectory ?? process.cwd(), fromRecipe.file) }
      : undefined);
  const reference = referenceSource
    ? await readReferenceCorpus(referenceSource.file, {
        textColumn: referenceSource.textColumn,
        labelColumn: referenceSource.labelColumn,
      })
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
  const built = await buildQualityReport({
    records,
    source: { kind: "file", file: options.file },
    language,
    quality: recipe?.quality ?? qualitySchema.parse({}),
    reference,
    plan:
      recipe && dimensions.length > 0 ? planCounts(createPlan(recipe.dimensions, recipe.plan)) : undefined,
    ...(recipe === undefined ? {} : { description: recipe.description }),
    ...(fields === undefined ? {} : { fields }),
    labelDimension:
      labelField && dimensions.includes(labelField)
        ? labelField
        : dimensions.includes("label")
          ? "label"
          : undefined,
    signal: options.signal,
  });
  await runWorkerChecks({
    records,
    outcome: built.outcome,
    report: built.report,
    quality: recipe?.quality ?? qualitySchema.parse({}),
    language,
    reference,
    directory: options.recipeDirectory,
    ...(options.config ? { config: options.config } : {}),
    ...(options.events ? { events: options.events } : {}),
    signal: options.signal,
  });
  if (options.judge) {
    const labels =
      recipe && labelsOf(recipe).length > 0
        ? labelsOf(recipe)
        : [...new Set(records.flatMap((record) => (record.label ? [record.label] : [])))].sort();
    await judgeDataset(records, built.outcome, built.report, {
      judge: options.judge(labels),
      gates: (recipe?.quality ?? qualitySchema.parse({})).gates,
      labelField: labelField ?? "label",
      ...(options.events ? { events: options.events } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
  return built;
}
