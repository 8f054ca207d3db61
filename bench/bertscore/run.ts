// BERTScore in the worker against plain `bert_score.score(...)` (the named baseline), on the
// same pairs and the same encoder (all-MiniLM-L6-v2 read from its PyPI wheel, layer 6, batch
// size 64 for both), in the same run: pairs/s of each, the largest difference of any pair's F1
// (must be < 1e-4) and the ratio of the baseline's time to ours (target >= 1.0). Both cold: the baseline's time includes
// importing bert_score and loading the encoder, and so does the worker's first request (timed
// from the request to its answer). The worker's second request (the same pairs, the encoder
// already loaded, as for any later request to the same worker) is printed too, and one with the
// shuffled pairs that reports carry. Beside the wall-clock times, the CPU time each process
// spent (all its threads; the worker's read from /proc over the request), which other work on
// shared cores changes less: the CPU ratio is the steadier one on a busy machine.
//
// Pairs: the real Yelp sentences of ../shared/data, each against the next one, repeated to
// BENCH_PAIRS [2000].
//
//   npm run bench:bertscore
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { ensureWorkerEnvironment } from "../../src/worker/ensureWorkerEnvironment.js";
import { startWorker } from "../../src/worker/startWorker.js";
import { workerAssetsDir } from "../../src/worker/workerPaths.js";
import { realData } from "../../test/fixtures/quality/realData.js";
import { keepResults } from "../keepResults.js";

keepResults(import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const data = realData();
if (!data.available) {
  console.error(`bench:bertscore needs the real reviews of ${data.directory}, which are absent.`);
  process.exit(1);
}
const size = Number(process.env.BENCH_PAIRS ?? 2000);
const sentences = readFileSync(data.yelp, "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => line.slice(0, line.lastIndexOf("\t")));
const candidates: string[] = [];
const references: string[] = [];
for (let index = 0; candidates.length < size; index += 1) {
  candidates.push(sentences[index % sentences.length]!);
  references.push(sentences[(index + 1) % sentences.length]!);
}

const config = configFromEnvironment();
const environment = await ensureWorkerEnvironment({ config });
const assetsDir = workerAssetsDir(config);
const folder = path.join(assetsDir, "all-minilm-l6-v2-0.1.2");
const layer = 6;
const batchSize = 64;

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
};
type Result = { f1: number[]; meanF1: number; shuffledMeanF1: number | null; margin: number | null };
type Plain = { f1: number[]; seconds: number; cpuSeconds: number; device: string };
/** CPU seconds a process has used (user + system, all threads), from /proc; undefined elsewhere. */
const cpuSecondsOf = (pid: number | undefined): number | undefined => {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // Fields 14 and 15 of stat (utime, stime) in clock ticks; 100 per second on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const runPlain = (): Plain =>
  JSON.parse(
    execFileSync(environment.python, [path.join(here, "python_baseline.py")], {
      input: JSON.stringify({ candidates, references, folder, layer, batchSize }),
      // The environment spawnWorkerProcess gives the worker, so both use their threads alike.
      env: {
        ...process.env,
        OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? "PASSIVE",
        TOKENIZERS_PARALLELISM: "false",
        HF_HUB_OFFLINE: "1",
        TRANSFORMERS_VERBOSITY: "error",
        TQDM_DISABLE: "1",
      },
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["pipe", "pipe", "ignore"],
    }).toString(),
  ) as Plain;

// Alternating runs on shared cores: the medians of BENCH_REPEATS [3] of each.
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const plainSeconds: number[] = [];
const plainCpu: number[] = [];
const coldCpu: number[] = [];
const warmCpu: number[] = [];
const coldSeconds: number[] = [];
const warmSeconds: number[] = [];
const baselineSeconds: number[] = [];
let plain: Plain | undefined;
let cold: Result | undefined;
let withBaseline: Result | undefined;
for (let round = 0; round < repeats; round += 1) {
  plain = runPlain();
  plainSeconds.push(plain.seconds);
  plainCpu.push(plain.cpuSeconds);
  const worker = await startWorker({ config });
  const cpuTimed = async <T>(work: () => Promise<T>, into: number[]): Promise<T> => {
    const before = cpuSecondsOf(worker.pid);
    const result = await work();
    const after = cpuSecondsOf(worker.pid);
    if (before !== undefined && after !== undefined) into.push(after - before);
    return result;
  };
  const request = (baseline: boolean) =>
    worker.request("bertscore", {
      candidates,
      references,
      encoder: "all-minilm-l6-v2",
      layer,
      baseline,
      batchSize,
      assetsDir,
    }) as unknown as Promise<Result>;
  const [first, firstSeconds] = await cpuTimed(() => timed(() => request(false)), coldCpu);
  cold = first;
  coldSeconds.push(firstSeconds);
  warmSeconds.push((await cpuTimed(() => timed(() => request(false)), warmCpu))[1]);
  const [both, bothSeconds] = await timed(() => request(true));
  withBaseline = both;
  baselineSeconds.push(bothSeconds);
  await worker.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
if (!plain || !cold || !withBaseline) throw new Error("BENCH_REPEATS must be at least 1");

let largest = 0;
for (let index = 0; index < size; index += 1)
  largest = Math.max(largest, Math.abs(cold.f1[index]! - plain.f1[index]!));
const rate = (seconds: number) => `${(size / seconds).toFixed(1)} pairs/s`;
const plainTime = median(plainSeconds);
const coldTime = median(coldSeconds);
const warmTime = median(warmSeconds);
const bothTime = median(baselineSeconds);
console.log(
  `bench:bertscore — ${size} pairs of real Yelp sentences, all-MiniLM-L6-v2 layer 6, ${plain.device}`,
);
console.log(`  medians of ${repeats} alternating runs`);
console.log(`  bert_score.score(...) (baseline, cold): ${plainTime.toFixed(2)} s  ${rate(plainTime)}`);
console.log(`  worker, first request (cold):          ${coldTime.toFixed(2)} s  ${rate(coldTime)}`);
console.log(`  worker, encoder loaded:                ${warmTime.toFixed(2)} s  ${rate(warmTime)}`);
console.log(
  `  worker, with shuffled pairs:           ${bothTime.toFixed(2)} s  (F1 ${withBaseline.meanF1.toFixed(4)}, shuffled ${withBaseline.shuffledMeanF1?.toFixed(4)})`,
);
console.log(`  largest |F1 difference| of a pair: ${largest.toExponential(2)} (must be < 1e-4)`);
console.log(`  ratio (baseline time / worker cold time): ${(plainTime / coldTime).toFixed(2)}x`);
console.log(`  ratio (baseline time / worker time, encoder loaded): ${(plainTime / warmTime).toFixed(2)}x`);
if (coldCpu.length > 0) {
  const plainCpuTime = median(plainCpu);
  console.log(
    `  CPU seconds (all threads): baseline ${plainCpuTime.toFixed(2)}, worker cold ${median(coldCpu).toFixed(2)}, encoder loaded ${median(warmCpu).toFixed(2)}`,
  );
  console.log(
    `  ratio of CPU time (baseline / worker cold): ${(plainCpuTime / median(coldCpu)).toFixed(2)}x`,
  );
}
if (largest >= 1e-4) process.exit(1);
