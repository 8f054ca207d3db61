import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { StoreError } from "../../core/errors/StoreError.js";
import { UsageError } from "../../core/errors/UsageError.js";
import { type ExportFormat, exportFormats } from "../../core/recipe/exportSchema.js";
import { type LoadedRecipe, loadRecipe } from "../../core/recipe/loadRecipe.js";
import { type Recipe, recipeSchema } from "../../core/recipe/recipeSchema.js";
import { exportRun } from "../../export/exportRun.js";
import { parseSplit } from "../../export/splitRecords.js";
import { findRecipeRun, runIdFor } from "../../pipeline/run/runIdFor.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import type { RunRow, Store } from "../../store/Store.js";
import type { CliContext } from "../context.js";

const exportFlagsSchema = z.object({
  store: z.string().optional(),
  run: z.string().optional(),
  format: z.array(z.string()).optional(),
  split: z.string().optional(),
  out: z.string().optional(),
});

/** `synthforge export [recipe]`: write a run's accepted records as JSONL, CSV, Alpaca, ShareGPT or OpenAI chat. */
export function registerExportCommand(program: Command, context: CliContext): void {
  program
    .command("export")
    .description("Write the accepted records of a run to files, optionally split into train/validation/test.")
    .argument("[recipe]", "recipe YAML file whose run to export (default: the latest run in the store)")
    .option("--store <file>", "SQLite store file (default: .synthforge/store.sqlite)")
    .option("--run <id>", "run id (or its start) to export")
    .option(
      "--format <formats...>",
      `formats, comma- or space-separated: ${exportFormats.join(", ")} (default: the recipe's export.formats)`,
    )
    .option(
      "--split <shares>",
      "train,validation,test shares, e.g. 0.8,0.1,0.1 (default: the recipe's export.split)",
    )
    .option("--out <dir>", "output folder (default: the recipe's export.dir, else out/<name>)")
    .action(async (file: string | undefined, rawFlags: unknown) => {
      const flags = exportFlagsSchema.parse(rawFlags);
      const formats = flags.format === undefined ? undefined : parseFormats(flags.format);
      const split = flags.split === undefined ? undefined : parseSplit(flags.split);
      if (flags.split !== undefined && split === undefined) {
        throw new UsageError(
          `--split: expected up to three shares that add up to 1, like 0.8,0.1,0.1; got "${flags.split}".`,
        );
      }
      const loaded = file === undefined ? undefined : await loadRecipe(file);
      const storeFile = flags.store ?? defaultStorePath();
      const store = openStore(storeFile, { mode: "existing" });
      try {
        const run = findRun(store, storeFile, flags.run, loaded);
        const recipe: Recipe = loaded?.recipe ?? recipeSchema.parse(run.recipe);
        const result = await exportRun({
          store,
          runId: run.id,
          recipe,
          ...(flags.out === undefined ? {} : { directory: flags.out }),
          ...(formats === undefined ? {} : { formats }),
          ...(split === undefined ? {} : { split }),
        });
        const counts = Object.entries(result.counts)
          .map(([name, count]) => `${name} ${count}`)
          .join(", ");
        context.reporter.sink({ type: "log", level: "info", message: `exported run ${run.id} (${counts})` });
        context.reporter.print(
          [
            `Exported ${run.id} to ${path.relative(process.cwd(), result.directory) || "."}/:`,
            ...result.files.map((f) => `  ${path.basename(f)}`),
          ].join("\n"),
        );
      } finally {
        store.close();
      }
    });
}

function parseFormats(values: string[]): ExportFormat[] {
  const names = values
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(exportFormats as readonly string[]).includes(name)) {
      throw new UsageError(
        `--format: unknown format "${name}"; expected one of ${exportFormats.join(", ")}.`,
      );
    }
  }
  return names as ExportFormat[];
}

function findRun(
  store: Store,
  storeFile: string,
  wanted: string | undefined,
  loaded: LoadedRecipe | undefined,
): RunRow {
  if (wanted !== undefined) {
    const matches = store.listRuns().filter((run) => run.id === wanted || run.id.startsWith(wanted));
    const exact = matches.find((run) => run.id === wanted);
    if (exact) return exact;
    if (matches.length === 1) return matches[0]!;
    throw new StoreError(
      matches.length === 0
        ? `No run "${wanted}" in ${storeFile}; \`synthforge runs list\` shows the runs there.`
        : `Run id "${wanted}" is ambiguous in ${storeFile} (${matches.map((run) => run.id).join(", ")}); give more of it.`,
      { file: storeFile },
    );
  }
  if (loaded !== undefined) {
    const run = findRecipeRun(store, loaded);
    if (!run) {
      throw new StoreError(
        `${storeFile} has no run of this recipe (run id ${runIdFor(loaded)}); run \`synthforge run\` with it first.`,
        { file: storeFile },
      );
    }
    return run;
  }
  const latest = store.latestRun();
  if (!latest)
    throw new StoreError(`${storeFile} has no runs yet; run \`synthforge run <recipe>\` first.`, {
      file: storeFile,
    });
  return latest;
}
