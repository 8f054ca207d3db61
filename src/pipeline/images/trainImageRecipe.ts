import path from "node:path";
import type { Config } from "../../core/config.js";
import { type EventSink, ignoreEvents } from "../../core/events.js";
import { type RealImage, readRealImages } from "../../core/images/readRealImages.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { exportDirectory } from "../../export/exportRun.js";
import { buildImageReport, writeImageReport } from "../../report/images/writeImageReport.js";
import type { Store } from "../../store/Store.js";
import {
  evaluateImageStudent,
  formatImageEvaluation,
  measureImageRealism,
  trainImageStudent,
} from "../../train/images/imageStudent.js";
import { startWorker } from "../../worker/startWorker.js";
import { workerAssetsDir } from "../../worker/workerPaths.js";

/**
 * The real images a recipe's student is evaluated on: `generator.evaluate.labels`, less the few
 * real images the generator may draw on (the first `generator.real.perClass` of each class of
 * `generator.real.labels`), at most `limitPerClass` of each class.
 */
export async function realEvaluationImages(loaded: LoadedRecipe): Promise<RealImage[]> {
  const generator = loaded.recipe.generator!;
  const settings = generator.evaluate;
  if (settings === undefined) return [];
  const classes = Object.keys(generator.classes);
  const used = new Set<string>();
  if (generator.real !== undefined) {
    const real = await readRealImages(
      path.resolve(loaded.directory, generator.real.labels),
      classes,
      generator.real.perClass,
    );
    for (const image of real.few) used.add(image.file);
  }
  const all = await readRealImages(path.resolve(loaded.directory, settings.labels), classes, 0);
  const taken = new Map<string, number>();
  return all.rest.filter((image) => {
    if (used.has(image.file)) return false;
    const count = taken.get(image.label) ?? 0;
    if (settings.limitPerClass !== undefined && count >= settings.limitPerClass) return false;
    taken.set(image.label, count + 1);
    return true;
  });
}

/**
 * Fine-tunes the recipe's image student (`generator.student`) on the exported images, evaluates
 * it on the real images of `generator.evaluate`, stores both as artifacts of the run and
 * rewrites the report. Returns the lines to print.
 */
export async function trainImageRecipe(
  loaded: LoadedRecipe,
  options: {
    config: Config;
    store: Store;
    runId: string;
    exportDir?: string;
    cwd?: string;
    events?: EventSink;
    signal?: AbortSignal;
  },
): Promise<string> {
  const { recipe } = loaded;
  const generator = recipe.generator!;
  const student = generator.student!;
  const events = options.events ?? ignoreEvents;
  const classes = Object.keys(generator.classes);
  const directory = exportDirectory(recipe, options.exportDir, options.cwd ?? process.cwd());
  const exported = await readRealImages(path.join(directory, "labels.csv"), classes, 0);
  const few =
    student.includeReal && generator.real !== undefined
      ? (
          await readRealImages(
            path.resolve(loaded.directory, generator.real.labels),
            classes,
            generator.real.perClass,
          )
        ).few
      : [];
  const evaluation = await realEvaluationImages(loaded);
  const worker = await startWorker({
    config: options.config,
    events,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const lines: string[] = [];
  try {
    events({ type: "task-start", task: "train images", total: undefined, unit: "steps" });
    const trained = await trainImageStudent(
      worker,
      {
        examples: [...exported.rest, ...few],
        labels: classes,
        size: generator.size,
        architecture: student.architecture,
        pretrained: student.pretrained,
        epochs: student.epochs,
        batchSize: student.batchSize,
        learningRate: student.learningRate,
        frozenBlocks: student.pretrained ? student.frozenBlocks : 0,
        seed: student.seed,
        output: path.join(directory, "train", "student"),
        assetsDir: workerAssetsDir(options.config),
      },
      (progress) =>
        events({
          type: "task-progress",
          task: "train images",
          done: progress.step,
          total: progress.totalSteps,
          detail: `epoch ${progress.epoch}, loss ${progress.loss?.toFixed(3) ?? "–"}`,
        }),
    );
    events({ type: "task-end", task: "train images", done: trained.steps });
    options.store.putArtifact(options.runId, "training-job", "image-student", { ...student, ...trained });
    lines.push(
      `Image student (${student.architecture}, ${student.pretrained ? "ImageNet weights" : "from scratch"}): ${trained.examples} images (${few.length} of them real), ${trained.epochs} epochs in ${trained.wallSeconds.toFixed(0)} s (${trained.cpuSeconds.toFixed(0)} CPU s); model in ${trained.model}`,
    );
    if (evaluation.length > 0 && !trained.cancelled) {
      const result = await evaluateImageStudent(worker, {
        model: path.dirname(trained.model),
        examples: evaluation,
        negativeClass: generator.evaluate?.negativeClass ?? null,
      });
      options.store.putArtifact(options.runId, "evaluation", "image-student on real images", result);
      lines.push(...formatImageEvaluation("On real images", result));
    }
    if (evaluation.length >= 5 && exported.rest.length >= 5) {
      const realism = await measureImageRealism(worker, {
        real: evaluation,
        generated: exported.rest,
        size: generator.size,
        assetsDir: workerAssetsDir(options.config),
      });
      options.store.putArtifact(options.runId, "evaluation", "generated against real images", realism);
      lines.push(
        `Generated against real images (ImageNet features): adversarial ROC AUC ${realism.auc.toFixed(3)} (0.5: indistinguishable); diversity ${realism.diversity.generated?.toFixed(3) ?? "–"} generated vs ${realism.diversity.real?.toFixed(3) ?? "–"} real`,
      );
    }
  } finally {
    await worker.close();
  }
  await writeImageReport(directory, buildImageReport(options.store, options.runId, recipe.name));
  return lines.join("\n");
}
