// Defect images that train an inspection model: the same student (EfficientNet-Lite0 from
// ImageNet weights, its first `frozenBlocks` blocks kept) trained on N generated images
// (examples/steel-defects.yaml: procedural defects, half over one of five real images per
// class) against the baseline of the five real images per class alone, and against all the
// real images outside the evaluation part; every student is evaluated on the same held-out real
// NEU images (the last 50 of each class in the data's labels.csv), which neither the generator
// nor any student sees. Each N in BENCH_N is drawn by its own run of the recipe (plan.count = N),
// and for each N a second student trains on the generated images and the few real ones together
// (`student.includeReal`, what `synthforge run` does). Every student gets about the same number of
// optimizer steps (BENCH_STEPS, by default one epoch of the largest N; whole epochs, so a set
// that does not divide evenly gets up to half an epoch more or less).
//
// BENCH_CROPS=<share> also draws each N with `generator.real.cropShare` at that share (defects
// cropped from the few real images, pasted and blended onto procedural surfaces) and trains the
// same students on those (`generated-<N>-crops`, `generated-<N>-crops+few-real`), with the
// adversarial validation of both sets. BENCH_ARCHITECTURES=<resnet18,resnet50> also trains each
// architecture named, from scratch (no ImageNet weights for torchvision's ResNets are available),
// on the largest N's generated images and the few real ones, with the same number of steps
// (`generated-<N>+few-real@<architecture>`); every student's evaluation measures its inference
// speed on the CPU. BENCH_STUDENTS=<name,...> trains only the students named (few-real,
// generated-<N>[-crops][+few-real][@<architecture>], all-real); the few-real baseline is always
// trained.
//
//   npx tsx bench/images/run.ts   (BENCH_N [600,3000], BENCH_STEPS [ceil(max N / batch)], BENCH_EVAL [50],
//                                  BENCH_CROPS, BENCH_ARCHITECTURES, BENCH_STUDENTS,
//                                  NEU_DIR [../shared/data/neu_det])
//
// Writes bench/images/results/<N>[+<N>...][-crops<share>][-<architecture>...].json beside itself
// and prints each student's accuracy and its ratio to the few-real baseline measured in the same
// run.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import {
  type ImageStudentArchitecture,
  imageStudentArchitectures,
} from "../../src/core/images/frozenBlocks.js";
import { readRealImages } from "../../src/core/images/readRealImages.js";
import { type LoadedRecipe, loadRecipe, stableStringify } from "../../src/core/recipe/loadRecipe.js";
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
const counts = (process.env.BENCH_N ?? "600,3000").split(",").map((value) => Number(value.trim()));
if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
  throw new Error(
    `BENCH_N must be a comma-separated list of positive whole numbers (got "${process.env.BENCH_N}")`,
  );
}
const cropShare = process.env.BENCH_CROPS === undefined ? undefined : Number(process.env.BENCH_CROPS);
if (cropShare !== undefined && !(cropShare > 0 && cropShare <= 1)) {
  throw new Error(`BENCH_CROPS must be a share above 0 and at most 1 (got "${process.env.BENCH_CROPS}")`);
}
const only = process.env.BENCH_STUDENTS?.split(",").map((name) => name.trim());
const architectures = (process.env.BENCH_ARCHITECTURES ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter((name) => name !== "");
for (const architecture of architectures) {
  if (
    architecture === "efficientnet-lite0" ||
    !(imageStudentArchitectures as readonly string[]).includes(architecture)
  ) {
    throw new Error(
      `BENCH_ARCHITECTURES names architectures trained from scratch beside the EfficientNet-Lite0 students: ${imageStudentArchitectures.filter((name) => name !== "efficientnet-lite0").join(", ")} (got "${architecture}")`,
    );
  }
}
const evalPerClass = Number(process.env.BENCH_EVAL ?? 50);
const neuDir = path.resolve(process.env.NEU_DIR ?? path.join(root, "../shared/data/neu_det"));

const config = configFromEnvironment();
const recipe = await loadRecipe(path.join(root, "examples/steel-defects.yaml"));
const generator = recipe.recipe.generator!;
const student = generator.student!;
const steps = Number(process.env.BENCH_STEPS ?? Math.ceil(Math.max(...counts) / student.batchSize));
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

/** The recipe with real defect crops in `share` of the images on a procedural surface. */
function withCrops(loaded: LoadedRecipe, share: number): LoadedRecipe {
  const real = { ...loaded.recipe.generator!.real!, cropShare: share };
  const recipe = { ...loaded.recipe, generator: { ...loaded.recipe.generator!, real } };
  return { ...loaded, recipe, hash: createHash("sha256").update(stableStringify(recipe)).digest("hex") };
}
// Each generated set: N, and N with crops under BENCH_CROPS.
const variants = counts.flatMap((count) => [
  { key: String(count), count, loaded: withCount(recipe, count) },
  ...(cropShare === undefined
    ? []
    : [{ key: `${count}-crops`, count, loaded: withCrops(withCount(recipe, count), cropShare) }]),
]);

const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-images-"));
const worker = await startWorker({ config });
try {
  const generations: Record<
    string,
    {
      accepted: number;
      rejected: number;
      rejectedByReason: Record<string, number>;
      seconds: number;
      cpuSecondsNode: number;
    }
  > = {};
  const generatedSets = new Map<string, { file: string; label: string }[]>();
  for (const { key, count, loaded } of variants) {
    const store = openStore(path.join(work, `store-${key}.sqlite`));
    const generationStarted = Date.now();
    const cpuStarted = process.cpuUsage();
    const summary = await runImageRecipe(loaded, {
      store,
      config,
      outDir: path.join(work, `export-${key}`),
      imageWorker: worker,
    });
    const cpu = process.cpuUsage(cpuStarted);
    generations[key] = {
      accepted: summary.accepted,
      rejected: summary.rejected,
      rejectedByReason: summary.rejectedByReason,
      seconds: (Date.now() - generationStarted) / 1000,
      cpuSecondsNode: (cpu.user + cpu.system) / 1e6,
    };
    generatedSets.set(
      key,
      (await readRealImages(path.join(work, `export-${key}`, "labels.csv"), classes, 0)).rest,
    );
    store.close();
    console.log(
      `generated ${summary.accepted} images (N = ${count}${key.endsWith("-crops") ? `, crops ${cropShare}` : ""}) in ${generations[key]!.seconds.toFixed(1)} s`,
    );
  }

  const students: Record<
    string,
    {
      architecture: ImageStudentArchitecture;
      pretrained: boolean;
      examples: number;
      epochs: number;
      steps: number;
      trainSeconds: number;
      evaluation: ImageEvaluation;
    }
  > = {};
  type Examples = { file: string; label: string }[];
  const largestKey = String(Math.max(...counts));
  const trainingSets: [string, Examples, ImageStudentArchitecture][] = [
    ["few-real", few, "efficientnet-lite0"],
    ...variants.flatMap(({ key }): [string, Examples, ImageStudentArchitecture][] => [
      [`generated-${key}`, generatedSets.get(key)!, "efficientnet-lite0"],
      [`generated-${key}+few-real`, [...generatedSets.get(key)!, ...few], "efficientnet-lite0"],
    ]),
    ...architectures.map((architecture): [string, Examples, ImageStudentArchitecture] => [
      `generated-${largestKey}+few-real@${architecture}`,
      [...generatedSets.get(largestKey)!, ...few],
      architecture as ImageStudentArchitecture,
    ]),
    ["all-real", allReal, "efficientnet-lite0"],
  ];
  for (const [name, examples, architecture] of trainingSets) {
    if (only !== undefined && name !== "few-real" && !only.includes(name)) continue;
    const epochs = Math.max(1, Math.round((steps * student.batchSize) / examples.length));
    const pretrained = architecture === "efficientnet-lite0";
    const trained = await trainImageStudent(worker, {
      examples: [...examples],
      labels: classes,
      size: generator.size,
      architecture,
      pretrained,
      epochs,
      batchSize: student.batchSize,
      learningRate: student.learningRate,
      frozenBlocks: pretrained ? student.frozenBlocks : 0,
      seed: student.seed,
      output: path.join(work, "students", name),
      assetsDir: workerAssetsDir(config),
    });
    const evaluation = await evaluateImageStudent(worker, {
      model: path.join(work, "students", name),
      examples: heldOut,
    });
    students[name] = {
      architecture,
      pretrained,
      examples: examples.length,
      epochs,
      steps: trained.steps,
      trainSeconds: trained.wallSeconds,
      evaluation,
    };
    console.log(
      `${name}: ${architecture}${pretrained ? " (ImageNet weights)" : " (from scratch)"}, ${examples.length} images, ${epochs} epochs, ${trained.steps} steps, ${trained.wallSeconds.toFixed(0)} s`,
    );
    console.log(formatImageEvaluation(`  ${name}`, evaluation).join("\n"));
  }
  // Adversarial validation and diversity in ImageNet feature space: the generated images (of the
  // largest N, with crops too under BENCH_CROPS) against the real images outside the evaluation
  // part, as many of each.
  const perClassGenerated = Math.floor(allReal.length / classes.length);
  const realismOf = async (key: string) => {
    const generated = generatedSets.get(key)!;
    const realism = await measureImageRealism(worker, {
      real: allReal,
      generated: classes.flatMap((label) =>
        generated.filter((image) => image.label === label).slice(0, perClassGenerated),
      ),
      size: generator.size,
      assetsDir: workerAssetsDir(config),
    });
    console.log(
      `adversarial validation (generated-${key} vs real, ImageNet features): ROC AUC ${realism.auc.toFixed(3)}; diversity ${realism.diversity.generated?.toFixed(3)} generated vs ${realism.diversity.real?.toFixed(3)} real`,
    );
    return realism;
  };
  const largest = String(Math.max(...counts));
  const realism = await realismOf(largest);
  const realismCrops = cropShare === undefined ? undefined : await realismOf(`${largest}-crops`);
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
  const results = {
    bench: "images",
    recipe: "examples/steel-defects.yaml",
    generated: generations,
    ...(cropShare === undefined ? {} : { cropShare }),
    ...(architectures.length === 0 ? {} : { architectures }),
    steps,
    batchSize: student.batchSize,
    evaluation: {
      images: heldOut.length,
      perClass: evalPerClass,
      source: "NEU-DET labels.csv, last of each class",
    },
    fewRealPerClass: perClass,
    students,
    accuracyRatioToFewReal: ratios,
    realism,
    ...(realismCrops === undefined ? {} : { realismCrops }),
    loadAverage: os.loadavg(),
    cpus: os.cpus().length,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(path.join(here, "results"), { recursive: true });
  const file = path.join(
    here,
    "results",
    `${counts.join("+")}${cropShare === undefined ? "" : `-crops${cropShare}`}${architectures.map((name) => `-${name}`).join("")}.json`,
  );
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
} finally {
  await worker.close();
  rmSync(work, { recursive: true, force: true });
}
