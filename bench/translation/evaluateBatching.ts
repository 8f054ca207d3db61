// What batching the evaluation's greedy decoding buys (the worker's `generate_replies`): the
// translation student (Qwen2.5-Coder-0.5B-Instruct, untuned, as `evaluate` loads it) translates the
// same real WMT19 test sentences with 1 prompt at a time (the baseline, how evaluation decoded
// before) and with BENCH_BATCH prompts at a time, in one run. Prints seconds per sentence of each,
// the speed-up, how many translations are the same word for word, and chrF of each (sacrebleu).
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/translation/evaluateBatching.ts
//     BENCH_TEST [32] sentences, BENCH_BATCH [8]; results/evaluateBatching-b<BENCH_BATCH>.json
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { recipeTrainDefaults } from "../../src/train/recipeTrainDefaults.js";
import { resolveBaseModel } from "../../src/train/resolveBaseModel.js";
import type { EvaluateJobInput } from "../../src/worker/protocol.js";
import { startWorker } from "../../src/worker/startWorker.js";
import { workerModelCacheDir } from "../../src/worker/workerPaths.js";
import { realTestPairs } from "./realPairs.js";

const data = new URL("../../../shared/data/", import.meta.url);
const zhFile = fileURLToPath(new URL("wmt_zhen_dev.zh", data));
const enFile = fileURLToPath(new URL("wmt_zhen_dev.en", data));
if (!existsSync(zhFile) || !existsSync(enFile)) {
  console.log("skipped: needs ../shared/data/wmt_zhen_dev.{zh,en}");
  process.exit(0);
}
const count = Number(process.env.BENCH_TEST ?? 32);
const batch = Number(process.env.BENCH_BATCH ?? 8);
const lines = (file: string) => readFileSync(file, "utf8").split("\n");
const pairs = realTestPairs(lines(zhFile), lines(enFile), count);
const { recipe } = await loadRecipe(
  fileURLToPath(new URL("../../examples/translation.yaml", import.meta.url)),
);
const config = configFromEnvironment();
const student = recipeTrainDefaults(recipe).baseModel;
const baseModel = await resolveBaseModel(student, { config });

type Row = { metrics: { chrF?: number; predictions?: string[]; seconds?: number } };
async function translate(
  batchSize: number,
): Promise<{ seconds: number; chrF: number; predictions: string[] }> {
  const job: EvaluateJobInput = {
    task: "sft",
    models: [{ name: "base", baseModel }],
    datasets: [
      { name: "wmt19", examples: pairs.map((pair) => ({ text: pair.text, label: pair.translation })) },
    ],
    instruction: recipe.export.instruction ?? null,
    maxLength: 160,
    maxNewTokens: 160,
    translationTarget: "en",
    batchSize,
    modelCacheDir: workerModelCacheDir(config),
  };
  const worker = await startWorker({ config });
  try {
    const value = (await worker.request("evaluate", job)) as { results: Row[] };
    const metrics = value.results[0]!.metrics;
    return {
      seconds: metrics.seconds ?? Number.NaN,
      chrF: metrics.chrF ?? Number.NaN,
      predictions: metrics.predictions ?? [],
    };
  } finally {
    await worker.close();
  }
}

const one = await translate(1);
const batched = await translate(batch);
// The worker returns the first 20 predictions of each run.
const same = one.predictions.filter((reply, index) => reply === batched.predictions[index]).length;
const result = {
  student,
  sentences: pairs.length,
  batch,
  machine: `${os.cpus().length} cores, load ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")} at the end`,
  oneAtATime: { secondsPerSentence: one.seconds / pairs.length, chrF: one.chrF },
  batched: { secondsPerSentence: batched.seconds / pairs.length, chrF: batched.chrF },
  speedUp: one.seconds / batched.seconds,
  sameTranslations: `${same} of the first ${one.predictions.length}`,
};
console.log(
  `evaluation decoding, ${pairs.length} WMT19 sentences on ${student}: one at a time ${result.oneAtATime.secondsPerSentence.toFixed(2)} s/sentence (chrF ${one.chrF.toFixed(2)}), ${batch} at a time ${result.batched.secondsPerSentence.toFixed(2)} s/sentence (chrF ${batched.chrF.toFixed(2)}): ${result.speedUp.toFixed(2)}× the baseline; ${result.sameTranslations} translations the same`,
);
const resultsDir = fileURLToPath(new URL("results/", import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(`${resultsDir}evaluateBatching-b${batch}.json`, `${JSON.stringify(result, null, 2)}\n`);
