import path from "node:path";
import type { Config } from "../../core/config.js";
import { type EventSink, ignoreEvents, type RunSummary } from "../../core/events.js";
import { readRealImages } from "../../core/images/readRealImages.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { exportDirectory } from "../../export/exportRun.js";
import { exportImages } from "../../export/images/exportImages.js";
import { generateImages, type RenderedImage } from "../../generate/images/generateImages.js";
import { buildImageReport, writeImageReport } from "../../report/images/writeImageReport.js";
import type { Store } from "../../store/Store.js";
import { startWorker, type WorkerClient } from "../../worker/startWorker.js";
import { runIdFor } from "../run/runIdFor.js";
import { startStoredRun } from "../run/startStoredRun.js";

export interface RunImageRecipeOptions {
  store: Store;
  config: Config;
  events?: EventSink;
  signal?: AbortSignal;
  /** Export folder [recipe `export.dir`, else `out/<name>`], relative to `cwd`. */
  outDir?: string;
  skipExport?: boolean;
  cwd?: string;
  /** A running worker to draw with; one is started (and closed) when absent. */
  imageWorker?: WorkerClient;
  /** Images per worker request [32]; a stop takes effect between requests. */
  imageBatchSize?: number;
}

/**
 * Runs an image recipe (`task: image-classification`): the plan spreads `plan.count` images
 * over the classes, the worker draws each open slot's image from its seed, the store keeps
 * every image with its parameters (so a rerun after a kill draws only what is missing), then
 * the accepted images are exported as class folders with a labels CSV and the report written
 * beside them. The few real images (`generator.real`) are read and checked before anything is
 * stored.
 */
export async function runImageRecipe(
  loaded: LoadedRecipe,
  options: RunImageRecipeOptions,
): Promise<RunSummary> {
  const started = Date.now();
  const { recipe } = loaded;
  const generator = recipe.generator!;
  const { store, signal } = options;
  const events = options.events ?? ignoreEvents;
  const classes = Object.keys(generator.classes);
  const backgrounds: Record<string, string[]> = {};
  if (generator.real !== undefined && generator.real.perClass > 0) {
    const real = await readRealImages(
      path.resolve(loaded.directory, generator.real.labels),
      classes,
      generator.real.perClass,
    );
    for (const image of real.few)
      backgrounds[image.label] = [...(backgrounds[image.label] ?? []), image.file];
  }
  const runId = runIdFor(loaded);
  const target = recipe.plan.count;
  startStoredRun(store, loaded, runId, target);
  const alreadyAccepted = store.countRecords(runId).accepted;
  events({ type: "run-start", runId, recipe: recipe.name, target, alreadyAccepted });
  const open = store.listSlots(runId, "open");
  let rejectedNow = 0;
  if (open.length > 0) {
    const rounds = store.listRounds(runId);
    const round = (rounds.at(-1)?.round ?? 0) + 1;
    const worker =
      options.imageWorker ??
      (await startWorker({ config: options.config, events, ...(signal ? { signal } : {}) }));
    events({ type: "task-start", task: "generate", total: open.length, unit: "images" });
    store.startRound(runId, round);
    try {
      const stats = await generateImages(open, {
        runId,
        round,
        store,
        generator,
        backgrounds,
        target,
        maxAttempts: recipe.generation.maxAttempts,
        ...(options.imageBatchSize === undefined ? {} : { batchSize: options.imageBatchSize }),
        render: async (job) =>
          (await worker.request("render-images", job)) as unknown as {
            images: RenderedImage[];
            cancelled: boolean;
          },
        events: (event) => {
          events(event);
          if (event.type === "record") {
            events({
              type: "task-progress",
              task: "generate",
              done: event.accepted - alreadyAccepted,
              total: target - alreadyAccepted,
              detail: `${event.accepted}/${target} images`,
            });
          }
        },
        ...(signal ? { signal } : {}),
      });
      rejectedNow = stats.rejected;
      store.endRound(runId, round, {
        accepted: stats.accepted,
        rejected: stats.rejected,
        seconds: Math.round(stats.seconds * 100) / 100,
        cpuSeconds: Math.round(stats.cpuSeconds * 100) / 100,
      });
    } finally {
      events({
        type: "task-end",
        task: "generate",
        done: store.countRecords(runId).accepted - alreadyAccepted,
      });
      if (options.imageWorker === undefined) await worker.close();
    }
  }
  const counts = store.countRecords(runId);
  if (counts.accepted >= target) store.setRunStatus(runId, "completed");
  const files: string[] = [];
  if (!options.skipExport) {
    const cwd = options.cwd ?? process.cwd();
    const directory = exportDirectory(recipe, options.outDir, cwd);
    const exported = await exportImages({ store, runId, recipeName: recipe.name, directory, cwd });
    files.push(...exported.files.map((file) => path.join(directory, file)));
    const written = await writeImageReport(directory, buildImageReport(store, runId, recipe.name));
    files.push(written.json, written.html);
  }
  const summary: RunSummary = {
    runId,
    accepted: counts.accepted,
    rejected: counts.rejected,
    rejectedByReason: counts.rejectedByReason,
    inputTokens: 0,
    outputTokens: 0,
    modelCalls: 0,
    seconds: (Date.now() - started) / 1000,
    files,
  };
  events({ type: "run-end", runId, summary });
  if (rejectedNow > 0) {
    events({
      type: "log",
      level: "info",
      message: `${rejectedNow} duplicate images drawn again with new seeds`,
    });
  }
  return summary;
}
