// Defect images that train an inspection model: the same student (EfficientNet-Lite0 from
// ImageNet weights, its first `frozenBlocks` blocks kept) trained on N generated images
// (examples/steel-defects.yaml: procedural defects, half over one of five real images per
// class) against the baseline of the five real images per class alone, and against all the
// real images outside the evaluation part; every student is evaluated on the same held-out real
// NEU images (the last 50 of each class in the data's labels.csv), which neither the generator
// nor any student sees. Each student gets the same number of optimizer steps. A fourth student
// trains on the generated images and the few real ones together (`student.includeReal`, what
// `synthforge run` does).
//
//   npx tsx bench/images/run.ts   (BENCH_N [600], BENCH_STEPS [60], BENCH_EVAL [50], NEU_DIR [../shared/data/neu_det])
//
// Writes bench/images/results/<N>.json beside itself and prints each student's accuracy and
// its ratio to the few-real baseline measured in the same run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { readRealImages } from "../../src/core/images/readRealImages.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runImageRecipe } from "../../src/pipeline/images/runImageRecipe.js";
import { withCount } from "../../src/pipeline/run/withCount.js";
import { openStore } from "../../src/store/openStore.js";
import {
  evaluateImageStudent,
  formatImageEvaluation,
  type ImageEvaluation,
  measureImageRealism,
  trainImageStudent,
} from "../../src/train/images/imageStudent.js";
import { startWorker } from "../../src/worker/startWorker.js";
import { workerAssetsDir } from "../../src/worker/workerPaths.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const count = Number(process.env.BENCH_N ?? 600);
const steps = Number(process.env.BENCH_STEPS ?? 60);
const evalPerClass = Number(process.env.BENCH_EVAL ?? 50);
const neuDir = path.resolve(process.env.NEU_DIR ?? path.join(root, "../shared/data/neu_det"));

const config = configFromEnvironment();
const loaded = withCount(await loadRecipe(path.join(root, "examples/steel-defects.yaml")), count);
const generator = loaded.recipe.generator!;
const student = generator.student!;
const classes = Object.keys(generator.classes);
const perClass = generator.real!.perClass;
// The NEU data in file order: the first five of a class are the few real images (the same files
// the example's own sample starts with), the last `evalPerClass` the held-out evaluation part.
const neu = await readRealImages(path.join(neuDir, "labels.csv"), classes, 1_000_000);
const byClass = new Map<string, { file: string; label: string }[]>();
for (const image of neu.few) byClass.set(image.label, [...(byClass.get(image.label) ?? []), image]);
const few = classes.flatMap((label) => byClass.get(label)!.slice(0, perClass));
const heldOut = classes.flatMap((label) => byClass.get(label)!.slice(-evalPerClass));
const allReal = classes.flatMap((label) => byClass.get(label)!.slice(0, -evalPerClass));

const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-images-"));
const worker = await startWorker({ config });
try {
  const store = openStore(path.join(work, "store.sqlite"));
  const generationStarted = Date.now();
  const cpuStarted = process.cpuUsage();
  const summary = await runImageRecipe(loaded, {
    store,
    config,
    outDir: path.join(work, "export"),
    imageWorker: worker,
  });
  const generationSeconds = (Date.now() - generationStarted) / 1000;
  const generated = (await readRealImages(path.join(work, "export", "labels.csv"), classes, 0)).rest;
  store.close();

  const students: Record<
    string,
    { examples: number; epochs: number; trainSeconds: number; evaluation: ImageEvaluation }
  > = {};
  for (const [name, examples] of [
    ["few-real", few],
    [`generated-${count}`, generated],
    [`generated-${count}+few-real`, [...generated, ...few]],
    ["all-real", allReal],
  ] as const) {
    const epochs = Math.max(1, Math.round((steps * student.batchSize) / examples.length));
    const trained = await trainImageStudent(worker, {
      examples: [...examples],
      labels: classes,
      size: generator.size,
      pretrained: true,
      epochs,
      batchSize: student.batchSize,
      learningRate: student.learningRate,
      frozenBlocks: student.frozenBlocks,
      seed: student.seed,
      output: path.join(work, "students", name),
      assetsDir: workerAssetsDir(config),
    });
    const evaluation = await evaluateImageStudent(worker, {
      model: path.join(work, "students", name),
      examples: heldOut,
    });
    students[name] = { examples: examples.length, epochs, trainSeconds: trained.wallSeconds, evaluation };
    console.log(`${name}: ${examples.length} images, ${epochs} epochs, ${trained.wallSeconds.toFixed(0)} s`);
    console.log(formatImageEvaluation(`  ${name}`, evaluation).join("\n"));
  }
  // Adversarial validation and diversity in ImageNet feature space: the generated images against
  // the real images outside the evaluation part, as many of each.
  const perClassGenerated = Math.floor(allReal.length / classes.length);
  const sample = classes.flatMap((label) =>
    generated.filter((image) => image.label === label).slice(0, perClassGenerated),
  );
  const realism = await measureImageRealism(worker, {
    real: allReal,
    generated: sample,
    size: generator.size,
    assetsDir: workerAssetsDir(config),
  });
  console.log(
    `adversarial validation (generated vs real, ImageNet features): ROC AUC ${realism.auc.toFixed(3)}; diversity ${realism.diversity.generated?.toFixed(3)} generated vs ${realism.diversity.real?.toFixed(3)} real`,
  );
  const baseline = students["few-real"]!.evaluation.accuracy ?? 0;
  const ratios = Object.fromEntries(
    Object.entries(students).map(([name, result]) => [name, (result.evaluation.accuracy ?? 0) / baseline]),
  );
  for (const [name, ratio] of Object.entries(ratios)) {
    const shown = Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "n/a (baseline 0) ×";
    console.log(
      `${name}: accuracy ${(100 * (students[name]!.evaluation.accuracy ?? 0)).toFixed(1)}%, ${shown} the few-real baseline`,
    );
  }
  const cpu = process.cpuUsage(cpuStarted);
  const results = {
    bench: "images",
    recipe: "examples/steel-defects.yaml",
    generatedImages: summary.accepted,
    rejected: summary.rejected,
    rejectedByReason: summary.rejectedByReason,
    generationSeconds,
    generationCpuSecondsNode: (cpu.user + cpu.system) / 1e6,
    steps,
    evaluation: {
      images: heldOut.length,
      perClass: evalPerClass,
      source: "NEU-DET labels.csv, last of each class",
    },
    fewRealPerClass: perClass,
    students,
    accuracyRatioToFewReal: ratios,
    realism,
    loadAverage: os.loadavg(),
    cpus: os.cpus().length,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(path.join(here, "results"), { recursive: true });
  const file = path.join(here, "results", `${count}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
} finally {
  await worker.close();
  rmSync(work, { recursive: true, force: true });
}
