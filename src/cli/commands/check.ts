import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { StoreError } from "../../core/errors/StoreError.js";
import { checkDirectory } from "../../core/fs/makeDirectory.js";
import { judgeSchema } from "../../core/recipe/judgeSchema.js";
import { type LoadedRecipe, loadRecipe } from "../../core/recipe/loadRecipe.js";
import { modelSchema } from "../../core/recipe/modelSchema.js";
import { type Recipe, recipeSchema } from "../../core/recipe/recipeSchema.js";
import { createModels, modelSettingsFor } from "../../pipeline/modelFactory.js";
import { findRecipeRun } from "../../pipeline/run/runIdFor.js";
import { judgeSettingsFor } from "../../pipeline/verify/createRecordVerifier.js";
import { fieldSpecsOf } from "../../pipeline/verify/fieldSpecsOf.js";
import { checkDataset } from "../../quality/checkDataset.js";
import { formatReasonTable } from "../../quality/formatReasonTable.js";
import { assertGates } from "../../quality/gates/assertGates.js";
import { formatGateTable } from "../../quality/gates/formatGateTable.js";
import { readReferenceCorpus } from "../../quality/io/readDatasetFile.js";
import { createJudge } from "../../quality/judge/createJudge.js";
import type { VarietyComparison } from "../../quality/metrics/varietyComparison.js";
import type { QualityReport } from "../../quality/QualityReport.js";
import { runQualityChecks } from "../../quality/runQualityChecks.js";
import { formatWorkerChecks } from "../../quality/worker/formatWorkerChecks.js";
import { writeReport } from "../../report/writeReport.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import type { RunRow, Store } from "../../store/Store.js";
import type { CliContext } from "../context.js";

const checkFlagsSchema = z.object({
  reference: z.string().optional(),
  textColumn: z.string().optional(),
  labelColumn: z.string().optional(),
  referenceTextColumn: z.string().optional(),
  referenceLabelColumn: z.string().optional(),
  recipe: z.string().optional(),
  run: z.string().optional(),
  store: z.string().optional(),
  reportDir: z.string().optional(),
  language: z.string().optional(),
  judge: z.string().optional(),
});

/** A run of the store picked by id (or its start), by recipe, or the latest one. */
export function findQualityRun(
  store: Store,
  storeFile: string,
  wanted: string | undefined,
  loaded: LoadedRecipe | undefined,
): { run: RunRow; recipe: Recipe } {
  let run: RunRow | undefined;
  if (wanted !== undefined) {
    const matches = store.listRuns().filter((entry) => entry.id === wanted || entry.id.startsWith(wanted));
    run = matches.find((entry) => entry.id === wanted) ?? (matches.length === 1 ? matches[0] : undefined);
    if (!run) {
      throw new StoreError(
        matches.length === 0
          ? `No run "${wanted}" in ${storeFile}; \`synthforge runs list\` shows the runs there.`
          : `Run id "${wanted}" is ambiguous in ${storeFile}; give more of it.`,
        { file: storeFile },
      );
    }
  } else if (loaded) {
    // An annotation run's id also hashes its input file, a `run --count` run its count: else the
    // latest run of the recipe's name.
    run = findRecipeRun(store, loaded);
    if (!run)
      throw new StoreError(
        `${storeFile} has no run of ${loaded.file}; run \`synthforge run ${loaded.file}\` first.`,
        { file: storeFile },
      );
  } else {
    run = store.latestRun();
    if (!run)
      throw new StoreError(
        `${storeFile} has no runs yet; run \`synthforge run <recipe>\` first, or give a data file to check.`,
        { file: storeFile },
      );
  }
  return { run, recipe: loaded?.recipe ?? recipeSchema.parse(run.recipe) };
}

/** Prints the gate table and where the report went, then fails on a failed gate. */
export async function finishCheck(
  context: CliContext,
  report: QualityReport,
  directory: string,
): Promise<void> {
  const files = await writeReport(report, directory);
  for (const warning of report.warnings)
    context.reporter.sink({ type: "log", level: "warn", message: warning });
  context.reporter.print(
    [
      formatGateTable(report.gates),
      "",
      ...(report.variety === undefined ? [] : [formatVariety(report.variety), ""]),
      ...formatWorkerChecks(report).flatMap((line, index, all) =>
        index === all.length - 1 ? [line, ""] : [line],
      ),
      formatReasonTable(
        Object.entries(report.counts.rejectedByReason).map(([reason, count]) => ({
          reason,
          count,
          ...(report.records?.rejectedByReason.find((group) => group.reason === reason)?.examples[0]?.reason
            ? {
                example: report.records.rejectedByReason.find((group) => group.reason === reason)!
                  .examples[0]!.reason!,
              }
            : {}),
        })),
      ),
      "",
      `${report.counts.accepted} of ${report.counts.records} records pass the filters; report: ${path.relative(process.cwd(), files.html)} (numbers: ${path.relative(process.cwd(), files.json)})`,
    ].join("\n"),
  );
  assertGates(report.gates);
}

/** `synthforge check [data]`: quality metrics, filters and gates on a data file or on a run. */
export function registerCheckCommand(program: Command, context: CliContext): void {
  program
    .command("check")
    .description(
      "Measure quality, apply the filters and the gates to a data file (JSONL/CSV/TSV) or to a run; write report.html and report.json.",
    )
    .argument(
      "[data]",
      "dataset to check (JSONL, CSV with header, TSV); without it, the run in the store is checked",
    )
    .option("--reference <file>", "real reference corpus (CSV, TSV, JSONL) to compare with")
    .option("--text-column <name>", "column of the data holding the text (default: text, else the longest)")
    .option("--label-column <name>", "column of the data holding the label (default: label when present)")
    .option("--reference-text-column <name>", "column of the reference holding the text")
    .option("--reference-label-column <name>", "column of the reference holding the label")
    .option("--recipe <file>", "recipe whose gates, filters, lexicon and plan apply (and whose run to check)")
    .option("--run <id>", "run id (or its start) to check")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--report-dir <dir>", "where report.html and report.json go")
    .option("--language <tag>", "language of the texts, e.g. zh or en (default: the recipe's, else guessed)")
    .option(
      "--judge <model>",
      "verify every record with this judge model (registry name or .gguf path): labels confirmed by 2 of 3 annotations of the text alone",
    )
    .action(async (data: string | undefined, rawFlags: unknown) => {
      const flags = checkFlagsSchema.parse(rawFlags);
      const loaded = flags.recipe === undefined ? undefined : await loadRecipe(flags.recipe);
      const reference =
        flags.reference === undefined
          ? undefined
          : {
              file: flags.reference,
              textColumn: flags.referenceTextColumn,
              labelColumn: flags.referenceLabelColumn,
            };
      if (data !== undefined) {
        const recipe = loaded?.recipe;
        const models = createModels({
          config: context.config,
          events: context.reporter.sink,
          baseDirectory: loaded?.directory,
          signal: context.signal,
        });
        const judgeModel =
          flags.judge === undefined
            ? undefined
            : await models.make(modelSettingsFor(recipe?.model ?? modelSchema.parse({}), flags.judge));
        const judgeSettings = recipe?.judge ?? judgeSchema.parse({});
        const { report } = await checkDataset({
          ...(recipe ? { fields: fieldSpecsOf(recipe) } : {}),
          ...(judgeModel
            ? {
                judge: (labels: readonly string[]) =>
                  createJudge({
                    model: judgeModel,
                    brief: {
                      task: recipe?.task ?? "classification",
                      description: recipe?.description ?? "",
                      language: flags.language ?? recipe?.language ?? "en",
                    },
                    settings: judgeSettingsFor(judgeSettings, judgeModel),
                    labelField: "label",
                    labels,
                  }),
                events: context.reporter.sink,
              }
            : {}),
          file: data,
          reference,
          recipe: recipe && flags.language ? { ...recipe, language: flags.language } : recipe,
          recipeDirectory: loaded?.directory,
          language: flags.language,
          textColumn: flags.textColumn,
          labelColumn: flags.labelColumn,
          signal: context.signal,
          config: context.config,
          ...(judgeModel ? {} : { events: context.reporter.sink }),
        }).finally(() => models.dispose());
        const parsed = path.parse(data);
        await finishCheck(
          context,
          report,
          flags.reportDir ?? path.join(parsed.dir, `${parsed.name}-quality`),
        );
        return;
      }
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const { run, recipe } = findQualityRun(store, storeFile, flags.run, loaded);
        const reportDirectory = flags.reportDir ?? recipe.export.dir ?? path.join("out", recipe.name);
        // Checked before the quality checks store anything: a file in the way changes nothing.
        await checkDirectory(reportDirectory);
        const { report } = await runQualityChecks({
          store,
          runId: run.id,
          recipe: flags.language ? { ...recipe, language: flags.language } : recipe,
          fields: fieldSpecsOf(recipe),
          directory: loaded?.directory,
          reference: reference ? await readReferenceCorpus(reference.file, reference) : undefined,
          events: context.reporter.sink,
          signal: context.signal,
          config: context.config,
        });
        await finishCheck(context, report, reportDirectory);
      } finally {
        store.close();
      }
    });
}

/** One line: the accepted texts' variety against the reference's, both at the same count. */
export function formatVariety(variety: VarietyComparison): string {
  const pair = (name: string, ours: number, theirs: number, ratio: number | undefined) =>
    `${name} ${ours.toFixed(3)} (reference ${theirs.toFixed(3)}${ratio === undefined ? "" : `, ${ratio.toFixed(2)}x`})`;
  return `Variety at ${variety.texts} texts each: ${[
    pair("distinct-2", variety.dataset.distinct2, variety.reference.distinct2, variety.ratio.distinct2),
    pair("distinct-3", variety.dataset.distinct3, variety.reference.distinct3, variety.ratio.distinct3),
    pair("self-BLEU", variety.dataset.selfBleu, variety.reference.selfBleu, variety.ratio.selfBleu),
  ].join(", ")}`;
}
