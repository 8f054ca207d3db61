import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { TargetNotMetError } from "../../core/errors/TargetNotMetError.js";
import { UsageError } from "../../core/errors/UsageError.js";
import type { RunSummary } from "../../core/events.js";
import { stripUrlCredentials } from "../../core/net/urlCredentials.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { checkExportFolder } from "../../export/exportRun.js";
import { parseSplit } from "../../export/splitRecords.js";
import { trainImageRecipe } from "../../pipeline/images/trainImageRecipe.js";
import { prepareGeneration } from "../../pipeline/run/prepareGeneration.js";
import { runRecipe } from "../../pipeline/run/runRecipe.js";
import { withCount } from "../../pipeline/run/withCount.js";
import { continueIntoTraining } from "../../pipeline/train/continueIntoTraining.js";
import { createQualityHook } from "../../pipeline/verify/createQualityHook.js";
import { formatWorkerChecks } from "../../quality/worker/formatWorkerChecks.js";
import { isPostgresUrl } from "../../store/openPostgresStore.js";
import { defaultStorePath, openStore } from "../../store/openStore.js";
import type { CliContext } from "../context.js";
import { parseFlags } from "../parseFlags.js";
import { formatRunSummary } from "./formatRunSummary.js";

const runFlagsSchema = z.object({
  store: z.string().optional(),
  out: z.string().optional(),
  count: z
    .string()
    .regex(/^[1-9]\d*$/, "a whole number of records, at least 1")
    .transform(Number)
    .optional(),
  split: z.string().optional(),
  train: z.boolean().default(true),
  gates: z.boolean().default(true),
  worker: z.boolean().default(false),
  finish: z.boolean().default(false),
  lease: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "seconds, a number such as 60")
    .transform(Number)
    .refine((seconds) => seconds >= 1 && seconds <= 86_400, "seconds between 1 and 86400")
    .default(60),
  batch: z
    .string()
    .regex(/^[1-9]\d*$/, "a whole number of slots, at least 1")
    .transform(Number)
    .optional(),
});

/** `synthforge run <recipe>`: generate (or continue generating) a recipe's dataset, then export it. */
export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command("run")
    .description("Generate a dataset from a recipe; rerunning the same recipe continues where it stopped.")
    .argument("<recipe>", "recipe YAML file")
    .option(
      "--store <file|url>",
      "SQLite store file (default: .synthforge/store.sqlite), or postgres://user@host/db (password from PGPASSWORD)",
    )
    .option("--out <dir>", "export folder (default: the recipe's export.dir, else out/<name>)")
    .option("--count <n>", "accepted records to produce, overriding plan.count (starts a separate run)")
    .option("--split <shares>", "train,validation,test shares for the export, e.g. 0.8,0.1,0.1")
    .option("--no-train", "stop after the export even when the recipe has a train section")
    .option("--no-gates", "apply the quality filters but do not fail the run when a gate fails")
    .option(
      "--worker",
      "generate as one of several processes on the run (Postgres store): claim slots under a lease",
    )
    .option("--finish", "finish the run now from this process: the round's filters, gates, report and export")
    .option(
      "--lease <seconds>",
      "with --worker: how long a claimed slot stays this process's without a heartbeat",
      "60",
    )
    .option(
      "--batch <n>",
      "with --worker: slots claimed at once (default: twice the model's parallel requests)",
    )
    .action(async (file: string, rawFlags: unknown) => {
      const flags = parseFlags(runFlagsSchema, rawFlags);
      const split = flags.split === undefined ? undefined : parseSplit(flags.split);
      if (flags.split !== undefined && split === undefined) {
        throw new UsageError(
          `--split: expected up to three shares that add up to 1, like 0.8,0.1,0.1; got "${flags.split}".`,
        );
      }
      let loaded = await loadRecipe(file);
      // --store, else the recipe's `store.url`, else the SQLite file in .synthforge/.
      const storeFile = flags.store ?? loaded.recipe.store?.url ?? defaultStorePath();
      if ((flags.worker || flags.finish) && !isPostgresUrl(storeFile)) {
        throw new UsageError(
          `--${flags.worker ? "worker" : "finish"} needs a Postgres store (--store postgres://user@host/db); ${storeFile} is a SQLite store, which takes one writing process, so several generators cannot share a run in it.`,
        );
      }
      if (flags.worker && flags.finish) {
        throw new UsageError(
          "--worker and --finish: give one; a worker finishes the run anyway when it fills the last slot.",
        );
      }
      if (flags.count !== undefined) loaded = withCount(loaded, flags.count);
      // The export and the report go there at the end: a file in the way is found before the model runs.
      await checkExportFolder(loaded.recipe, flags.out);
      // Every file the recipe names and every template, checked before the store is opened or created.
      const prepared = await prepareGeneration(loaded);
      const store = openStore(storeFile);
      const worker = flags.worker
        ? {
            id: `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
            host: os.hostname(),
            pid: process.pid,
            leaseSeconds: flags.lease,
            batch: flags.batch ?? Math.max(8, 2 * (loaded.recipe.model.parallel ?? 4)),
          }
        : undefined;
      let report: string | undefined;
      let workerChecks: string[] = [];
      let summary: RunSummary;
      try {
        summary = await runRecipe(loaded, {
          store,
          prepared,
          config: context.config,
          events: context.reporter.sink,
          signal: context.signal,
          // Filters and gates after each round; report.html/report.json go next to the export.
          hooks: [
            createQualityHook({
              reportDirectory: flags.out,
              enforceGates: flags.gates,
              onReport: (qualityReport, written) => {
                report = written?.html;
                workerChecks = formatWorkerChecks(qualityReport);
              },
            }),
          ],
          ...(flags.out === undefined ? {} : { outDir: flags.out }),
          ...(split === undefined ? {} : { split }),
          ...(worker === undefined ? {} : { worker }),
          ...(flags.finish ? { finish: true } : {}),
        });
      } finally {
        store.close();
      }
      context.reporter.print(
        formatRunSummary(summary, loaded.recipe.plan.count, {
          report,
          store: stripUrlCredentials(storeFile),
        }),
      );
      // BERTScore beside its shuffled pairs, syntax rejections, spread, the discriminator.
      if (workerChecks.length > 0) context.reporter.print(workerChecks.join("\n"));
      // A worker that left the finishing to another process is done once its slots are.
      if (summary.worker !== undefined && !summary.worker.finishedRun) return;
      if (summary.accepted < loaded.recipe.plan.count) {
        throw new TargetNotMetError(summary.accepted, loaded.recipe.plan.count, "generation stopped short");
      }
      // An image recipe with a student fine-tunes it on the export and evaluates it on real images.
      if (loaded.recipe.generator?.student !== undefined && flags.train) {
        await printTraining(context, storeFile, (trainStore) =>
          trainImageRecipe(loaded, {
            config: context.config,
            store: trainStore,
            runId: summary.runId,
            ...(flags.out === undefined ? {} : { exportDir: flags.out }),
            events: context.reporter.sink,
            signal: context.signal,
          }),
        );
      }
      // A recipe with a `train` section continues into fine-tuning and base-vs-tuned evaluation.
      if (loaded.recipe.train !== undefined && flags.train) {
        await printTraining(context, storeFile, (trainStore) =>
          continueIntoTraining(loaded, {
            config: context.config,
            store: trainStore,
            runId: summary.runId,
            exportDir: flags.out,
            events: context.reporter.sink,
            signal: context.signal,
          }),
        );
      }
    });
}

/** Prints what a training step after the run returns, the step given its own handle on the run's store (closed after). */
async function printTraining(
  context: CliContext,
  storeFile: string,
  train: (store: ReturnType<typeof openStore>) => Promise<string>,
): Promise<void> {
  const trainStore = openStore(storeFile, { mode: "existing" });
  try {
    context.reporter.print(await train(trainStore));
  } finally {
    trainStore.close();
  }
}
