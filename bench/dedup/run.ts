// MinHash LSH near-duplicate removal: Synthforge's findNearDuplicates next to the named
// baseline, Python's `datasketch` (MinHash + MinHashLSH, same shingles, same number of
// permutations, same threshold, same greedy keep-the-earliest pass with exact-Jaccard
// verification), on the same records in the same run. Records: every real review of
// ../shared/data, records joining 2–3 real reviews (hard negatives that partly overlap), and
// planted near-duplicates (edited copies placed after their source). Ground truth: an exact
// similarity join (no hashing), then the same greedy pass. Prints time ratio and
// precision/recall of both.
//
//   npm run bench:dedup          (BENCH_RECORDS=n [100000], BENCH_THRESHOLD=t [0.7], BENCH_PERMUTATIONS=k [128])
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findNearDuplicates } from "../../src/quality/dedup/findNearDuplicates.js";
import { jaccard } from "../../src/quality/dedup/jaccard.js";
import { shingleHashes } from "../../src/quality/dedup/shingleHashes.js";
import { shingleText } from "../../src/quality/dedup/shingleText.js";
import { realData } from "../../test/fixtures/quality/realData.js";
import { benchCorpus } from "./benchCorpus.js";
import { exactNearDuplicates } from "./exactNearDuplicates.js";
import { pythonVenv } from "./pythonVenv.js";

const size = Number(process.env.BENCH_RECORDS ?? 100_000);
const threshold = Number(process.env.BENCH_THRESHOLD ?? 0.7);
const permutations = Number(process.env.BENCH_PERMUTATIONS ?? 128);
const here = path.dirname(fileURLToPath(import.meta.url));

if (!realData().available) {
  console.error(`bench:dedup needs the real reviews of ${realData().directory}, which is absent.`);
  process.exit(1);
}

/** Record-level precision and recall of "removed as a near-duplicate" against the truth. */
function score(predicted: Int32Array | number[], truth: Int32Array) {
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  for (let index = 0; index < truth.length; index += 1) {
    const says = predicted[index]! !== -1;
    const is = truth[index]! !== -1;
    if (says && is) truePositive += 1;
    else if (says) falsePositive += 1;
    else if (is) falseNegative += 1;
  }
  return {
    removed: truePositive + falsePositive,
    precision: truePositive + falsePositive > 0 ? truePositive / (truePositive + falsePositive) : 1,
    recall: truePositive + falseNegative > 0 ? truePositive / (truePositive + falseNegative) : 1,
  };
}

const python = pythonVenv("dedup", path.join(here, "requirements.txt"));
const corpus = benchCorpus(size);
const texts = corpus.records.map((record) => record.text);
console.log(
  `${texts.length} records: ${corpus.counts.real} real reviews (waimai_10k + yelp_labelled), ${corpus.counts.joined} joined from 2–3 real reviews, ${corpus.counts.planted} planted near-duplicates; ${permutations} permutations, Jaccard threshold ${threshold}, shingles: character 5-grams for Chinese, word 5-grams otherwise; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}.`,
);

const sets = shingleHashes(texts, { mode: "auto" });
const truth = exactNearDuplicates(sets, threshold);
const plantedAbove = corpus.records.filter(
  (record, index) => record.kind === "planted" && jaccard(sets[index]!, sets[record.source!]!) >= threshold,
).length;
console.log(
  `ground truth (exact similarity join): ${truth.pairs} pairs with Jaccard ≥ ${threshold}; ${Array.from(truth.duplicateOf).filter((value) => value !== -1).length} records to remove; ${plantedAbove} of ${corpus.counts.planted} planted copies are ≥ ${threshold} from their source.`,
);

const scratch = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-dedup-"));
try {
  const input = path.join(scratch, "shingles.jsonl");
  writeFileSync(input, `${texts.map((text) => JSON.stringify(shingleText(text, "auto"))).join("\n")}\n`);

  // Warm up the JIT and the xxHash module on a slice, then time the full run.
  await findNearDuplicates(texts.slice(0, 2000), { threshold, permutations });
  const started = performance.now();
  const ours = await findNearDuplicates(texts, { threshold, permutations });
  const oursSeconds = (performance.now() - started) / 1000;

  const output = path.join(scratch, "datasketch.json");
  const baseline = JSON.parse(
    execFileSync(
      python,
      [path.join(here, "datasketch_baseline.py"), input, String(threshold), String(permutations), output],
      { encoding: "utf8", maxBuffer: 1 << 26 },
    ),
  ) as { seconds: number; minhashSeconds: number; bands: number; rows: number; candidatePairs: number };
  const theirs = JSON.parse(readFileSync(output, "utf8")) as number[];

  const oursScore = score(ours.duplicateOf, truth.duplicateOf);
  const theirScore = score(theirs, truth.duplicateOf);
  const plantedRecall = (predicted: Int32Array | number[]) =>
    corpus.records.filter(
      (record, index) =>
        record.kind === "planted" &&
        jaccard(sets[index]!, sets[record.source!]!) >= threshold &&
        predicted[index]! !== -1,
    ).length / Math.max(1, plantedAbove);
  const rows = [
    ["", "seconds", "removed", "precision", "recall", "planted recall", "bands×rows", "candidate pairs"],
    [
      "synthforge (TypeScript)",
      oursSeconds.toFixed(2),
      String(oursScore.removed),
      oursScore.precision.toFixed(4),
      oursScore.recall.toFixed(4),
      plantedRecall(ours.duplicateOf).toFixed(4),
      `${ours.parameters.bands}×${ours.parameters.rows}`,
      String(ours.verifiedPairs),
    ],
    [
      "datasketch 2.0.0 (Python)",
      baseline.seconds.toFixed(2),
      String(theirScore.removed),
      theirScore.precision.toFixed(4),
      theirScore.recall.toFixed(4),
      plantedRecall(theirs).toFixed(4),
      `${baseline.bands}×${baseline.rows}`,
      String(baseline.candidatePairs),
    ],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
  console.log(
    `speed: synthforge is ${(baseline.seconds / oursSeconds).toFixed(1)}× datasketch (target ≥ 2×; datasketch's time starts from ready-made shingle strings and includes MinHash.bulk ${baseline.minhashSeconds.toFixed(2)} s; ours starts from raw text).`,
  );
  console.log(
    `quality: |Δprecision| = ${Math.abs(oursScore.precision - theirScore.precision).toFixed(4)}, |Δrecall| = ${Math.abs(oursScore.recall - theirScore.recall).toFixed(4)} (target ≤ 0.01).`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
