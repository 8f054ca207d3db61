import path from "node:path";
import type { Config } from "../core/config.js";
import type { EventSink } from "../core/events.js";
import type { QualitySettings } from "../core/recipe/qualitySchema.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { buildQualityReport, type QualityCheckInput } from "./buildQualityReport.js";
import type { FilterOutcome } from "./filters/FilterOutcome.js";
import { readReferenceCorpus } from "./io/readDatasetFile.js";
import type { Judge } from "./judge/createJudge.js";
import { judgeDataset } from "./judgeDataset.js";
import type { QualityReport } from "./QualityReport.js";
import type { ReferenceCorpus } from "./ReferenceCorpus.js";
import { runWorkerChecks } from "./worker/runWorkerChecks.js";

/** Everything one quality assessment looks at: the records and settings, and where the model checks run. */
export interface AssessQualityInput extends QualityCheckInput {
  /** Folder the recipe's relative paths (a worker encoder's file) resolve against [cwd]. */
  directory?: string;
  /** Cache folders of the worker checks (BERTScore, syntax, spread, discriminator) [from the environment]. */
  config?: Config;
  /** Progress of the worker checks and the judge. */
  events?: EventSink;
  /**
   * The judge's 2-of-3 vote and rubric on every record the filters kept, for data that was not
   * verified as it was made (`check --judge`); a run's records carry their votes already.
   */
  verifyWith?: { judge: Judge; labelField: string };
}

/**
 * The quality stage's one entry point, for a run's records (`runQualityChecks`, which stores
 * what it decides) and for a user's file (`checkDataset`, which stores nothing): the filters and
 * every metric that needs no neural model (`buildQualityReport`), then the worker's checks
 * (BERTScore, syntax, semantic spread, the transformer discriminator) the settings ask for, then
 * the judge when one is given; the gates are evaluated on the result.
 */
export async function assessQuality(
  input: AssessQualityInput,
): Promise<{ report: QualityReport; outcome: FilterOutcome }> {
  const built = await buildQualityReport(input);
  await runWorkerChecks({
    records: input.records,
    outcome: built.outcome,
    report: built.report,
    quality: input.quality,
    language: input.language,
    reference: input.reference,
    directory: input.directory,
    ...(input.config ? { config: input.config } : {}),
    ...(input.events ? { events: input.events } : {}),
    signal: input.signal,
  });
  if (input.verifyWith) {
    await judgeDataset(input.records, built.outcome, built.report, {
      judge: input.verifyWith.judge,
      gates: input.quality.gates,
      labelField: input.verifyWith.labelField,
      ...(input.events ? { events: input.events } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
  }
  return built;
}

/** The recipe's reference corpus (`quality.reference`), its file resolved against `directory` [cwd]. */
export async function readRecipeReference(
  quality: QualitySettings,
  directory: string | undefined,
): Promise<ReferenceCorpus | undefined> {
  const reference = quality.reference;
  if (!reference) return undefined;
  return readReferenceCorpus(path.resolve(directory ?? process.cwd(), reference.file), {
    textColumn: reference.textColumn,
    labelColumn: reference.labelColumn,
  });
}

/** The plan dimension the recipe's label field realises (the label field, else a `label` dimension). */
export function labelDimensionOf(recipe: Recipe): string | undefined {
  const dimensions = Object.keys(recipe.dimensions);
  const labelField = recipe.output.labelField;
  if (labelField && dimensions.includes(labelField)) return labelField;
  return dimensions.includes("label") ? "label" : undefined;
}
