// Which NER student serves better on two CPU cores (issue 23, item 3): the generative one
// `synthforge train examples/ner-en.yaml` trains (SmolLM2-135M-Instruct, LoRA, the sentence in and
// the entity list as JSON out) or a token-classification head on the worker's English encoder
// (all-MiniLM-L6-v2 with a linear layer over IOB2 tags; bench/ner/token_head.py, not the product).
// Both are tuned on the same N real CoNLL-2003 train sentences (the sample bench/ner/train.ts
// uses) and scored by the worker's entity metric (exact span and type, seqeval's definition) on
// the same real dev sentences `evaluate` reads, beside the untuned generative base; the time each
// takes to train and to tag a sentence is printed with it.
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/ner/tokenHead.ts
//     BENCH_N=100  BENCH_TEST=100  BENCH_EPOCHS=2 (the generative student)  BENCH_HEAD_EPOCHS=20
//     (results/tokenHead-n<N>.json)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { trainSchema } from "../../src/core/recipe/trainSchema.js";
import { readEntityExamples } from "../../src/train/readReferenceExamples.js";
import { recipeTrainDefaults } from "../../src/train/recipeTrainDefaults.js";
import { ensureWorkerEnvironment } from "../../src/worker/ensureWorkerEnvironment.js";
import { trainEachStudent, writeJsonLines } from "../support/trainEachStudent.js";
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
const headEpochs = Number(process.env.BENCH_HEAD_EPOCHS ?? 20);
const { recipe } = await loadRecipe(fileURLToPath(new URL("../../examples/ner-en.yaml", import.meta.url)));
const student = recipeTrainDefaults(recipe).baseModel;

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
const results: Record<string, unknown> = {
  n: real.length,
  test: `${testExamples.length} sentences of conll2003_dev.txt (seeded sample, seed 23, as evaluate reads them)`,
  train: `${real.length} sentences of conll2003_train.txt of 30-240 characters with 1-8 entities (seeded sample, seed 23)`,
  machine: `load ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")} at start, ${os.cpus().length} cores`,
};
const save = () => writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

// The token-classification head first (12 minutes at N = 100 on two shared cores).
const environment = await ensureWorkerEnvironment({ config });
const headOut = path.join(work, "head.json");
const head = spawnSync(
  environment.python,
  [
    fileURLToPath(new URL("./token_head.py", import.meta.url)),
    writeJsonLines(work, "train.jsonl", real),
    test,
    headOut,
    String(headEpochs),
  ],
  {
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: environment.sourceDir },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
if (head.status !== 0) throw new Error(`token_head.py exited with ${head.status}`);
results.tokenHead = JSON.parse(readFileSync(headOut, "utf8"));
save();

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

const headResult = results.tokenHead as {
  metrics: { entityPrecision: number; entityRecall: number; entityF1: number };
  trainSeconds: number;
};
const headMetrics = {
  precision: headResult.metrics.entityPrecision,
  recall: headResult.metrics.entityRecall,
  f1: headResult.metrics.entityF1,
};
console.log(`entity P/R/F1 (exact span and type) on ${results.test}, tuned on ${results.train}:`);
for (const one of students)
  console.log(
    `  generative ${student}, ${one.model.padEnd(18)} P ${(one.metrics.entityPrecision ?? Number.NaN).toFixed(3)}  R ${(one.metrics.entityRecall ?? Number.NaN).toFixed(3)}  F1 ${(one.metrics.entityF1 ?? Number.NaN).toFixed(3)}${one.trainSeconds === undefined ? "" : `  (trained in ${one.trainSeconds} s)`}`,
  );
console.log(
  `  token-classification head (MiniLM)        P ${headMetrics.precision.toFixed(3)}  R ${headMetrics.recall.toFixed(3)}  F1 ${headMetrics.f1.toFixed(3)}  (trained in ${headResult.trainSeconds} s)`,
);
const tuned = students.find((one) => one.model !== "base");
if (tuned)
  console.log(
    `  head − generative F1: ${((headMetrics.f1 - (tuned.metrics.entityF1 ?? Number.NaN)) * 100).toFixed(1)} points`,
  );
console.log(`wrote ${resultsFile}`);
