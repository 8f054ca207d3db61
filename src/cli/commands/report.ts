import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { checkDirectory } from "../../core/fs/makeDirectory.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { fieldSpecsOf } from "../../pipeline/verify/fieldSpecsOf.js";
import type { QualityReport } from "../../quality/QualityReport.js";
import { runQualityChecks } from "../../quality/runQualityChecks.js";
import { withTraining } from "../../report/withTraining.js";
import { writeReport } from "../../report/writeReport.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import type { CliContext } from "../context.js";
import { findQualityRun } from "./check.js";

const reportFlagsSchema = z.object({
  run: z.string().optional(),
  store: z.string().optional(),
  out: z.string().optional(),
  refresh: z.boolean().optional(),
});

/**
 * `synthforge report [recipe]`: write a run's report.html and report.json from its latest
 * quality check, with the run's training jobs (loss curves) and evaluations (base vs tuned)
 * as the store holds them now.
 */
export function registerReportCommand(program: Command, context: CliContext): void {
  program
    .command("report")
    .description(
      "Write report.html and report.json of a run from its latest quality check (or a fresh one with --refresh), with its training loss curves and base-vs-tuned evaluations.",
    )
    .argument("[recipe]", "recipe whose run to report on (default: the latest run)")
    .option("--run <id>", "run id (or its start)")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--out <dir>", "folder of the report (default: the recipe's export.dir, else out/<name>)")
    .option("--refresh", "run the quality checks again first")
    .action(async (file: string | undefined, rawFlags: unknown) => {
      const flags = reportFlagsSchema.parse(rawFlags);
      const loaded = file === undefined ? undefined : await loadRecipe(file);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const { run, recipe } = findQualityRun(store, storeFile, flags.run, loaded);
        const directory = flags.out ?? recipe.export.dir ?? path.join("out", recipe.name);
        // Checked before the quality checks store anything: a file in the way changes nothing.
        await checkDirectory(directory);
        const stored = store
          .listArtifacts(run.id, "quality-report")
          .find((artifact) => artifact.name === "latest")?.value as QualityReport | undefined;
        const report =
          stored && !flags.refresh
            ? stored
            : (
                await runQualityChecks({
                  store,
                  runId: run.id,
                  recipe,
                  fields: fieldSpecsOf(recipe),
                  directory: loaded?.directory,
                  events: context.reporter.sink,
                  signal: context.signal,
                })
              ).report;
        const files = await writeReport(withTraining(report, store), directory);
        context.reporter.print(
          `Report of ${run.id}: ${path.relative(process.cwd(), files.html)} (numbers: ${path.relative(process.cwd(), files.json)})`,
        );
      } finally {
        store.close();
      }
    });
}
