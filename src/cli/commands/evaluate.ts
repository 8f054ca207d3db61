import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { UsageError } from "../../core/errors/UsageError.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { runIdFor } from "../../pipeline/run/runIdFor.js";
import { refreshRunReport } from "../../report/refreshRunReport.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import { evaluateTraining, type ReferenceSet } from "../../train/evaluateTraining.js";
import { formatEvaluation } from "../../train/formatEvaluation.js";
import { parseLabelMap } from "../../train/readLabelledExamples.js";
import { recipeEvaluationInputs } from "../../train/recipeEvaluationInputs.js";
import { recipeTrainingInputs } from "../../train/recipeTrainingInputs.js";
import type { CliContext } from "../context.js";
import { parseFlags } from "../parseFlags.js";

const evaluateFlagsSchema = z.object({
  trainDir: z.string().optional(),
  data: z.string().optional(),
  heldOut: z.boolean().default(true),
  reference: z.string().optional(),
  textColumn: z.string().optional(),
  labelColumn: z.string().optional(),
  labelMap: z.string().optional(),
  limit: z
    .string()
    .regex(/^[1-9]\d*$/, "a whole number, at least 1")
    .transform(Number)
    .optional(),
  base: z.boolean().default(true),
  exportDir: z.string().optional(),
  store: z.string().optional(),
});

/** `synthforge evaluate`: the base model and the tuned one side by side, on held-out and real data. */
export function registerEvaluateCommand(program: Command, context: CliContext): void {
  program
    .command("evaluate")
    .description(
      "Compare the base model and the fine-tuned one side by side: accuracy, per-class precision/recall/F1, macro/micro-F1 and confusion matrices (labels scored by likelihood), or exact match and ROUGE-L for generation.",
    )
    .argument("[recipe]", "recipe YAML file whose training to evaluate (see its `evaluate` section)")
    .option("--train-dir <dir>", "output folder of `synthforge train` (default: the recipe's)")
    .option("--data <file>", "held-out JSONL (default: the export's test split, else the trainer's)")
    .option("--no-held-out", "skip the held-out split; evaluate on --reference only")
    .option("--reference <file>", "real labelled data (JSONL, CSV, or TSV such as yelp_labelled.txt)")
    .option(
      "--text-column <name>",
      "column of the reference file with the text [text; column 1 of a headerless TSV]",
    )
    .option(
      "--label-column <name>",
      "column of the reference file with the label [label; column 2 of a headerless TSV]",
    )
    .option("--label-map <pairs>", "map the reference's labels to the model's, e.g. 1=positive,0=negative")
    .option("--limit <n>", "evaluate on at most n examples per data set (a stratified sample)")
    .option("--no-base", "evaluate the tuned model only")
    .option(
      "--export-dir <dir>",
      "where `synthforge run` exported the recipe's data [export.dir, else out/<name>]",
    )
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .action(async (recipeFile: string | undefined, rawFlags: unknown) => {
      const flags = parseFlags(evaluateFlagsSchema, rawFlags);
      const labelMap = flags.labelMap === undefined ? undefined : parseLabelMap(flags.labelMap);
      if (flags.labelMap !== undefined && labelMap === undefined) {
        throw new UsageError(
          `--label-map: expected pairs like 1=positive,0=negative; got "${flags.labelMap}".`,
        );
      }
      let trainDir = flags.trainDir === undefined ? undefined : path.resolve(flags.trainDir);
      let heldOut: string | null | undefined =
        flags.data === undefined ? undefined : path.resolve(flags.data);
      let reference: ReferenceSet | undefined;
      let limit = flags.limit;
      let runId: string | undefined;
      let translationTarget: string | undefined;
      let maxNewTokens: number | undefined;
      const store = openStore(flags.store ?? defaultStorePath());
      try {
        if (recipeFile !== undefined) {
          const loaded = await loadRecipe(recipeFile);
          // The export is read only for what the flags leave open: the training folder, the held-out split.
          if (trainDir === undefined || (heldOut === undefined && flags.heldOut)) {
            const inputs = recipeTrainingInputs(loaded, { exportDir: flags.exportDir });
            trainDir ??= inputs.output;
            heldOut ??= inputs.test;
          }
          const evaluation = recipeEvaluationInputs(loaded);
          reference = evaluation.reference;
          limit ??= evaluation.limit;
          translationTarget = evaluation.translationTarget;
          maxNewTokens = evaluation.maxNewTokens;
          runId = store.latestRun(loaded.recipe.name)?.id ?? runIdFor(loaded);
        } else if (trainDir === undefined) {
          throw new UsageError(
            "evaluate: give a recipe file or --train-dir <dir> (the output folder of `synthforge train`).",
          );
        }
        if (flags.reference !== undefined) {
          reference = {
            file: path.resolve(flags.reference),
            textColumn: flags.textColumn ?? reference?.textColumn,
            labelColumn: flags.labelColumn ?? reference?.labelColumn,
            labelMap: labelMap ?? reference?.labelMap,
            exclude: reference?.exclude,
          };
        } else if (reference && (flags.textColumn || flags.labelColumn || labelMap)) {
          reference = {
            ...reference,
            textColumn: flags.textColumn ?? reference.textColumn,
            labelColumn: flags.labelColumn ?? reference.labelColumn,
            labelMap: labelMap ?? reference.labelMap,
          };
        }
        if (!flags.heldOut) heldOut = null;
        const { evaluation, file } = await evaluateTraining({
          config: context.config,
          trainDir: trainDir!,
          heldOut,
          reference,
          limit,
          includeBase: flags.base,
          translationTarget,
          maxNewTokens,
          events: context.reporter.sink,
          signal: context.signal,
        });
        store.putArtifact(runId ?? `dataset:${trainDir}`, "evaluation", trainDir!, evaluation);
        const report = runId === undefined ? undefined : await refreshRunReport(store, runId);
        const reported =
          report === undefined ? "" : `; report updated: ${path.relative(process.cwd(), report.html)}`;
        context.reporter.print(`${formatEvaluation(evaluation)}\n\nWritten to ${file}${reported}`);
      } finally {
        store.close();
      }
    });
}
