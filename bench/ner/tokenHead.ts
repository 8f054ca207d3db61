// Which NER student serves better on two CPU cores (issue 23, item 3): a generative one
// (SmolLM2-135M-Instruct, LoRA, the sentence in and the entity list as JSON out; what
// `synthforge train examples/ner-en.yaml` trained before) or a tagging head on the worker's English
// encoder (all-MiniLM-L6-v2 with a linear layer over IOB2 tags; task token-classification, what
// it trains now). Both go through the product (`trainDataset` and `evaluateTraining`, as
// `synthforge train` and `evaluate` run them), tuned on the same N real CoNLL-2003 train sentences
// (the sample bench/ner/train.ts uses) and scored by the worker's entity metric (exact span and
// type, seqeval's definition) on the same real dev sentences `evaluate` reads; the untuned
// generative base beside them, and the time each takes to train and to tag a sentence.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/ner/tokenHead.ts
//     BENCH_N=100  BENCH_TEST=100  BENCH_EPOCHS=2 (the generative student)
//     BENCH_HEAD_EPOCHS (the head's; default: the task's, 20)
//     BENCH_GENERATIVE=0 retrains the head only and keeps the generative rows of the results file
//     (results/tokenHead-n<N>.json)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { resolvedTrainSettings, trainSchema } from "../../src/core/recipe/trainSchema.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";
import { readEntityExamples } from "../../src/train/readReferenceExamples.js";
import { recipeTrainDefaults } from "../../src/train/recipeTrainDefaults.js";
import { type StudentResult, trainEachStudent, writeJsonLines } from "../support/trainEachStudent.js";
import { conllTrainingSample, sharedData } from "./realNer.js";

const trainFile = path.join(sharedData, "conll2003_train.txt");
const devFile = path.join(sharedData, "conll2003_dev.txt");
if (!existsSync(trainFile) || !existsSync(devFile)) {
  console.log("skipped: needs ../shared/data/conll2003_{train,dev}.txt");
  process.exit(0);
}
const n = Number(process.env.BENCH_N ?? 100);
const testCount = Number(process.env.BENCH_TEST ?? 100);
const epochs = Number(process.env.BENCH_EPOCHS ?? 2);
const headOnly = process.env.BENCH_GENERATIVE === "0";
const { recipe } = await loadRecipe(fileURLToPath(new URL("../../examples/ner-en.yaml", import.meta.url)));

type Entity = { text: string; type: string };
const real = conllTrainingSample(trainFile, n);
const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-ner-head-"));
const testExamples = await readEntityExamples(devFile, "conll", { limit: testCount, seed: 23 });
const test = writeJsonLines(
  work,
  "test.jsonl",
  testExamples.map((example) => ({ text: example.text, entities: JSON.parse(example.label) as Entity[] })),
);
const config = configFromEnvironment();
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
const resultsFile = `${out}tokenHead-n${real.length}.json`;
const prior: Record<string, unknown> =
  headOnly && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
const results: Record<string, unknown> = {
  ...prior,
  n: real.length,
  test: `${testExamples.length} sentences of conll2003_dev.txt (seeded sample, seed 23, as evaluate reads them)`,
  train: `${real.length} sentences of conll2003_train.txt of 30-240 characters with 1-8 entities (seeded sample, seed 23)`,
  machine: `load ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")} at start, ${os.cpus().length} cores`,
};
const save = () => writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
const prf = (metrics: StudentResult["metrics"]) =>
  `P ${(metrics.entityPrecision ?? Number.NaN).toFixed(3)}  R ${(metrics.entityRecall ?? Number.NaN).toFixed(3)}  F1 ${(metrics.entityF1 ?? Number.NaN).toFixed(3)}`;

// The tagging head, with the task's defaults (full, 1e-4, 20 epochs) unless BENCH_HEAD_EPOCHS is set.
const headSettings = trainSchema.parse({
  task: "token-classification",
  baseModel: recipeTrainDefaults(recipe).baseModel,
  ...(process.env.BENCH_HEAD_EPOCHS === undefined ? {} : { epochs: Number(process.env.BENCH_HEAD_EPOCHS) }),
});
const [head] = await trainEachStudent({
  work,
  config,
  settings: headSettings,
  sets: [["real", real]],
  test,
  textField: "text",
  labelField: "entities",
  instruction: undefined,
});
if (head === undefined) throw new Error("the tagging head was not evaluated");
const headRun = resolvedTrainSettings(headSettings);
results.tokenHead = {
  model: `${headSettings.baseModel} + token-classification head (task token-classification, ${headRun.method}, ${headRun.epochs} epochs, learning rate ${headRun.learningRate})`,
  trainSeconds: head.trainSeconds,
  predictSecondsPerSentence: Number(((head.metrics.seconds ?? Number.NaN) / testExamples.length).toFixed(4)),
  metrics: head.metrics,
  measured: new Date().toISOString(),
};
save();
console.log(`entity P/R/F1 (exact span and type) on ${results.test}, tuned on ${results.train}:`);
console.log(
  `  tagging head (${headSettings.baseModel})  ${prf(head.metrics)}  (trained in ${head.trainSeconds} s)`,
);

let generative: StudentResult | undefined;
if (headOnly) {
  console.log(`  (generative rows kept from their own run in ${resultsFile})`);
} else {
  const student = defaultStudentModelName;
  const settings = {
    ...trainSchema.parse({ epochs, maxLength: 256, task: "sft", baseModel: student }),
    earlyStoppingPatience: 0,
  };
  const generativeStarted = performance.now();
  const students = await trainEachStudent({
    work,
    config,
    settings,
    sets: [["real", real]],
    test,
    textField: "text",
    labelField: "entities",
    instruction: recipe.export.instruction,
    evaluate: { maxNewTokens: 160 },
    onResults: (done) => {
      for (const one of done)
        results[`generative ${student}: ${one.model}`] = { ...one.metrics, trainSeconds: one.trainSeconds };
      save();
    },
  });
  results.generativeSeconds = Math.round((performance.now() - generativeStarted) / 1000);
  save();
  for (const one of students)
    console.log(
      `  generative ${student}, ${one.model.padEnd(18)} ${prf(one.metrics)}${one.trainSeconds === undefined ? "" : `  (trained in ${one.trainSeconds} s)`}`,
    );
  generative = students.find((one) => one.model !== "base");
}
const generativeF1 =
  generative?.metrics.entityF1 ??
  (
    Object.entries(results).find(([key]) => key.startsWith("generative") && key.includes("tuned on"))?.[1] as
      | { entityF1?: number }
      | undefined
  )?.entityF1;
if (generativeF1 !== undefined)
  console.log(
    `  head − generative F1: ${(((head.metrics.entityF1 ?? Number.NaN) - generativeF1) * 100).toFixed(1)} points`,
  );
console.log(`wrote ${resultsFile}`);
