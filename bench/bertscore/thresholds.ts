// Where the calibrated BERTScore thresholds of src/quality/gates/bertScoreThresholds.ts come from: the
// worker's BERTScore (the reference bert-score package) of 30 real English and 30 real Chinese
// reviews (test/fixtures/quality/paraphrasePairs.json), each against a paraphrase written by hand
// and against the paraphrase of another review of the list (review i against paraphrase i + 7,
// the "unrelated" pairs). For each encoder: the F1 of both kinds, how many of each reach the
// calibrated threshold and the large-encoder 0.85 (the baseline it replaces), and the threshold
// that separates them best on these pairs.
//
//   npm run bench:bertscore-thresholds
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { ignoreEvents } from "../../src/core/events.js";
import {
  bertScoreThreshold,
  largeEncoderBertScoreThreshold,
} from "../../src/quality/gates/bertScoreThresholds.js";
import { resolveWorkerEncoder, workerEncoderName } from "../../src/quality/worker/resolveWorkerEncoder.js";
import { startWorker } from "../../src/worker/startWorker.js";
import { workerAssetsDir } from "../../src/worker/workerPaths.js";
import { keepResults } from "../keepResults.js";

keepResults(import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(
  readFileSync(path.join(here, "..", "..", "test", "fixtures", "quality", "paraphrasePairs.json"), "utf8"),
) as { en: [string, string][]; zh: [string, string][] };

const config = configFromEnvironment();
const assetsDir = workerAssetsDir(config);
const modelCacheDir = path.join(config.cacheDir, "worker", "models");
const worker = await startWorker({ config });
type Result = { encoder: string; layer: number; f1: number[] };

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const atLeast = (values: number[], threshold: number) => values.filter((value) => value >= threshold).length;

try {
  for (const [language, label] of [
    ["en", "English, all-MiniLM-L6-v2 (English default)"],
    ["zh", "Chinese, the Qwen teacher's hidden states (Chinese default)"],
    ["zh-en", "English on the Qwen teacher's hidden states (for comparison)"],
  ] as const) {
    const pairs = language === "zh-en" ? fixture.en : fixture[language];
    const encoderLanguage = language === "en" ? "en" : "zh";
    // The Qwen teacher on English too: the encoder named as the Chinese default names it.
    const name = workerEncoderName(undefined, encoderLanguage);
    const encoder = await resolveWorkerEncoder(undefined, {
      language: encoderLanguage,
      config,
      events: ignoreEvents,
    });
    const n = pairs.length;
    const originals = pairs.map(([original]) => original);
    const paraphrases = pairs.map(([, paraphrase]) => paraphrase);
    const unrelated = paraphrases.map((_, index) => paraphrases[(index + 7) % n]!);
    const result = (await worker.request("bertscore", {
      candidates: [...originals, ...originals],
      references: [...paraphrases, ...unrelated],
      encoder,
      baseline: false,
      assetsDir,
      modelCacheDir,
    })) as unknown as Result;
    const matched = result.f1.slice(0, n);
    const other = result.f1.slice(n);
    const calibrated = bertScoreThreshold(name, result.layer, language === "zh" ? "zh" : "en");
    let best = { threshold: 0, correct: -1 };
    for (let step = 0; step <= 1000; step += 1) {
      const threshold = step / 1000;
      const correct = atLeast(matched, threshold) + (n - atLeast(other, threshold));
      if (correct > best.correct) best = { threshold, correct };
    }
    const show = (values: number[]) =>
      `min ${quantile(values, 0).toFixed(3)}, p10 ${quantile(values, 0.1).toFixed(3)}, median ${quantile(values, 0.5).toFixed(3)}, p90 ${quantile(values, 0.9).toFixed(3)}, max ${quantile(values, 1).toFixed(3)}`;
    console.log(`${label}: ${result.encoder}, layer ${result.layer}, ${n} pairs of each kind`);
    console.log(`  paraphrase pairs F1: ${show(matched)}`);
    console.log(`  unrelated pairs F1:  ${show(other)}`);
    for (const threshold of [calibrated.threshold, largeEncoderBertScoreThreshold]) {
      const which = threshold === largeEncoderBertScoreThreshold ? "large-encoder 0.85" : "calibrated";
      console.log(
        `  at ${threshold} (${which}): paraphrases agreeing ${atLeast(matched, threshold)}/${n}, unrelated agreeing ${atLeast(other, threshold)}/${n}`,
      );
    }
    console.log(
      `  best separating threshold on these pairs: ${best.threshold.toFixed(3)} (${best.correct} of ${2 * n} right)`,
    );
    console.log(
      `  ratio of paraphrases kept, calibrated vs 0.85: ${(atLeast(matched, calibrated.threshold) / Math.max(1, atLeast(matched, largeEncoderBertScoreThreshold))).toFixed(2)}x`,
    );
  }
} finally {
  await worker.close();
}
