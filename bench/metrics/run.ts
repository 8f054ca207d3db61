// Every quality metric on 100,000 records (the dedup benchmark's corpus: real reviews of
// ../shared/data, records joining 2–3 of them, planted near-duplicates; the real reviews are the
// reference corpus), target < 10 s: one `buildQualityReport` call (filters, word segmentation,
// entropy, distinct-n, self-BLEU, lengths, balance, domain terms, adversarial validation).
// Next to it, the named baseline measured in the same run: the same metrics computed by the
// usual Python tools (collections.Counter, numpy, NLTK's sentence_bleu, scikit-learn) on the
// same words, the same self-BLEU sample and the same adversarial samples, step by step with ours.
//
//   npm run bench:metrics          (BENCH_RECORDS=n [100000])
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { qualitySchema } from "../../src/core/recipe/qualitySchema.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { adversarialValidation } from "../../src/quality/adversarial/adversarialValidation.js";
import { buildQualityReport } from "../../src/quality/buildQualityReport.js";
import type { DatasetRecord } from "../../src/quality/DatasetRecord.js";
import { distinctN } from "../../src/quality/metrics/distinctN.js";
import { countCharacters, lengthStats } from "../../src/quality/metrics/lengthStats.js";
import { selfBleu } from "../../src/quality/metrics/selfBleu.js";
import { shannonEntropy } from "../../src/quality/metrics/shannonEntropy.js";
import { buildWordTable } from "../../src/quality/metrics/WordTable.js";
import { segmentTexts } from "../../src/quality/text/segmentTexts.js";
import { realData } from "../../test/fixtures/quality/realData.js";
import { benchCorpus } from "../dedup/benchCorpus.js";
import { pythonVenv } from "../dedup/pythonVenv.js";

const size = Number(process.env.BENCH_RECORDS ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const language = "zh";

if (!realData().available) {
  console.error(`bench:metrics needs the real reviews of ${realData().directory}, which is absent.`);
  process.exit(1);
}

const python = pythonVenv("metrics", path.join(here, "requirements.txt"));
const corpus = benchCorpus(size, { referenceShare: 0.3 });
const records: DatasetRecord[] = corpus.records.map((record, index) => ({
  id: `r${index}`,
  text: record.text,
  label: record.label,
  cell: {},
  output: record.label,
  valid: true,
}));
const reference = {
  file: "waimai_10k.csv + yelp_labelled.txt",
  texts: corpus.reference.map((row) => row.text),
  labels: corpus.reference.map((row) => row.label),
};
console.log(
  `${records.length} records (${corpus.counts.real} real, ${corpus.counts.joined} joined, ${corpus.counts.planted} planted near-duplicates), reference corpus: ${reference.texts.length} real reviews; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}.`,
);

// Warm-up on a slice (JIT, ICU data, worker start), then the measured run.
await buildQualityReport({
  records: records.slice(0, 2000),
  source: { kind: "file", file: "bench" },
  language,
  quality: qualitySchema.parse({}),
  reference: { ...reference, texts: reference.texts.slice(0, 500), labels: reference.labels.slice(0, 500) },
});
const cpu = process.cpuUsage();
const started = performance.now();
const { report, outcome } = await buildQualityReport({
  records,
  source: { kind: "file", file: "bench" },
  language,
  quality: qualitySchema.parse({}),
  reference,
});
const totalSeconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
console.log(
  `synthforge buildQualityReport, all metrics: ${totalSeconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (all threads), load average now ${os.loadavg()[0]!.toFixed(1)} (target < 10 s wall). Steps (ms; segmentation overlaps the filters): ${Object.entries(
    report.timings,
  )
    .map(([name, ms]) => `${name} ${ms}`)
    .join(", ")}.`,
);

// Step by step against the baseline, on the accepted texts and the same words.
const texts = outcome.kept.map((index) => outcome.verdicts[index]!.text!);
const words = await segmentTexts(texts, language);
const referenceWords = await segmentTexts(reference.texts, language);
const ours: Record<string, number> = {};
const values: Record<string, number> = {};
const step = <T>(name: string, work: () => T): T => {
  const begin = performance.now();
  const result = work();
  ours[name] = (performance.now() - begin) / 1000;
  return result;
};
step("entropy + distinct-n", () => {
  const table = buildWordTable(words);
  const entropy = shannonEntropy(table.counts);
  values.entropy = entropy.entropy;
  values.normalizedEntropy = entropy.normalizedEntropy;
  values.distinct1 = distinctN(table, 1);
  values.distinct2 = distinctN(table, 2);
});
step("length", () => {
  const stats = lengthStats(texts.map(countCharacters));
  values.medianCharacters = stats.median;
  values.p95Characters = stats.p95;
});
const table = buildWordTable(words);
step("self-BLEU", () => {
  values.selfBleu = selfBleu(table.texts, { sampleSize: 1000, seed: 13 }).value;
});
step("adversarial AUC", () => {
  values.adversarialAuc = adversarialValidation(
    reference.texts.map((text, index) => ({ text, words: referenceWords[index]! })),
    texts.map((text, index) => ({ text, words: words[index]! })),
  ).auc;
});

// The samples our functions draw, so the baseline scores exactly the same texts.
const selfBleuSample = shuffle(
  texts.map((_, index) => index),
  createRandom(13),
).slice(0, 1000);
const random = createRandom(29);
const realSample = shuffle(
  reference.texts.map((_, index) => index),
  random,
).slice(0, 10_000);
const generatedSample = shuffle(
  texts.map((_, index) => index),
  random,
).slice(0, 10_000);

const scratch = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-metrics-"));
try {
  const input = path.join(scratch, "input.json");
  writeFileSync(
    input,
    JSON.stringify({
      words,
      texts,
      referenceWords,
      referenceTexts: reference.texts,
      selfBleuSample,
      realSample,
      generatedSample,
    }),
  );
  const baseline = JSON.parse(
    execFileSync(python, [path.join(here, "python_baseline.py"), input], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
      stdio: ["ignore", "pipe", "inherit"],
    }),
  ) as { values: Record<string, number>; seconds: Record<string, number> };

  const rows: string[][] = [
    ["step", "synthforge s", "python s", "speed-up", "synthforge value", "python value"],
  ];
  const valueNames: Record<string, string[]> = {
    "entropy + distinct-n": ["entropy", "normalizedEntropy", "distinct1", "distinct2"],
    length: ["medianCharacters", "p95Characters"],
    "self-BLEU": ["selfBleu"],
    "adversarial AUC": ["adversarialAuc"],
  };
  for (const [name, names] of Object.entries(valueNames)) {
    names.forEach((value, position) => {
      rows.push([
        position === 0 ? name : "",
        position === 0 ? ours[name]!.toFixed(3) : "",
        position === 0 ? baseline.seconds[name]!.toFixed(3) : "",
        position === 0 ? `${(baseline.seconds[name]! / ours[name]!).toFixed(1)}×` : "",
        `${value} ${values[value]!.toFixed(4)}`,
        baseline.values[value]!.toFixed(4),
      ]);
    });
  }
  const oursTotal = Object.values(ours).reduce((sum, value) => sum + value, 0);
  const theirsTotal = Object.values(baseline.seconds).reduce((sum, value) => sum + value, 0);
  rows.push([
    "total",
    oursTotal.toFixed(3),
    theirsTotal.toFixed(3),
    `${(theirsTotal / oursTotal).toFixed(1)}×`,
    "",
    "",
  ]);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(
    `\nBaseline: Python 3 with collections.Counter, numpy, NLTK 3.10.4 sentence_bleu (method1 smoothing), scikit-learn 1.9.1 (HashingVectorizer + LogisticRegression, 5-fold), on the same ${texts.length} accepted texts and words:`,
  );
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
