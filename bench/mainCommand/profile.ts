// Where the README main command's time goes: runs examples/sentiment-en.yaml in-process as
// `synthforge run` does (the quality hook, a fresh SQLite store, the export) with the embedded
// context's batches timed one by one (llama.cpp's decode, wrapped), and prints
//   - the run's wall time split into batches (prompt tokens, generated tokens, the judge's
//     tokens, by sequence) and the time no batch was running (JS, sampling, gaps);
//   - batch occupancy: sequences and tokens per batch, time-weighted;
//   - tokens evaluated per record, by kind, and the cost of one token of each kind.
// A token is a "prompt" token when its batch entry carries more than one token or is the first
// entry of a sequence's new evaluation, "generated" when it is one token fed back after sampling;
// the judge's sequences (choose) are told apart by their ids.
//
// Then, on the run's own loaded model before it is disposed (a second load of the same file
// decodes at another speed: bench/serve/modelCopies.ts), llama.cpp's decode loop alone with 1 to
// `parallel` sequences (bench/generate/decodeCeiling.ts), and prints the run's batches that only
// decoded (one token a sequence) against that ceiling at the same width: the ratio of the
// ceiling's time for those batches to theirs (1 = decoding as fast as llama.cpp's loop alone).
//
//   npx tsx bench/mainCommand/profile.ts   BENCH_TEACHER [the recipe's], BENCH_COUNT [40],
//                                          BENCH_JUDGE [on|off, on], BENCH_PREFILL [on|off, on],
//                                          BENCH_PROMPT_CACHE [sequences; the default],
//                                          BENCH_IN_STEP [on|off, on], BENCH_PARALLEL [the registry's],
//                                          BENCH_CEILING [on|off, on], BENCH_JUDGE_MODEL [the teacher]
//
// Writes bench/mainCommand/results/profile-<teacher>-<label>.json, BENCH_LABEL naming the
// code measured [current].
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LlamaContext } from "node-llama-cpp";
import { configFromEnvironment } from "../../src/core/config.js";
import type { RunSummary } from "../../src/core/events.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { withCount } from "../../src/pipeline/run/withCount.js";
import { createQualityHook } from "../../src/pipeline/verify/createQualityHook.js";
import { createLanguageModel } from "../../src/providers/createLanguageModel.js";
import { choosingSequences, type EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { type DecodeCeiling, measureDecodeCeiling } from "../generate/decodeCeiling.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const count = Number(process.env.BENCH_COUNT ?? 40);
const judged = (process.env.BENCH_JUDGE ?? "on") !== "off";
const label = process.env.BENCH_LABEL ?? "current";
const embedded = {
  prefill: (process.env.BENCH_PREFILL ?? "on") !== "off",
  ...(process.env.BENCH_PROMPT_CACHE ? { promptCache: Number(process.env.BENCH_PROMPT_CACHE) } : {}),
  inStep: (process.env.BENCH_IN_STEP ?? "on") !== "off",
};
const measureCeiling = (process.env.BENCH_CEILING ?? "on") !== "off";

const loaded = withCount(await loadRecipe(path.join(root, "examples/sentiment-en.yaml")), count);
if (process.env.BENCH_TEACHER) loaded.recipe.model.name = process.env.BENCH_TEACHER;
loaded.recipe.judge.enabled = judged;
if (process.env.BENCH_PARALLEL) loaded.recipe.model.parallel = Number(process.env.BENCH_PARALLEL);
// Another judge (a registry name): its own context, whose batches this profile does not see.
if (process.env.BENCH_JUDGE_MODEL) loaded.recipe.judge.model = process.env.BENCH_JUDGE_MODEL;

interface Batch {
  start: number;
  end: number;
  /** Tokens of each sequence in the batch. */
  entries: { sequence: number; tokens: number }[];
}
const batches: Batch[] = [];
let judgeSequences = new Set<number>();

let parallel = 0;
const ceilings: DecodeCeiling[] = [];
/** Seconds the ceiling took, inside the run's dispose: left out of its wall time. */
let ceilingSeconds = 0;

/** Wraps the native context's batch calls (behind a proxy: the addon's methods are read-only) to time each decode. */
function instrument(context: LlamaContext): void {
  const holder = context as unknown as { _ctx: Record<string | symbol, unknown> };
  const native = holder._ctx;
  let pending: Batch["entries"] = [];
  const call = (name: string, args: unknown[]) =>
    (native[name] as (...args: unknown[]) => unknown).apply(native, args);
  const addToBatch = (...args: unknown[]) => {
    pending.push({ sequence: Number(args[0]), tokens: (args[2] as ArrayLike<number>).length });
    return call("addToBatch", args);
  };
  const decodeBatch = async (...args: unknown[]) => {
    const entries = pending;
    pending = [];
    const start = performance.now();
    try {
      return await call("decodeBatch", args);
    } finally {
      batches.push({ start, end: performance.now(), entries });
    }
  };
  holder._ctx = new Proxy(native, {
    get(target, key) {
      if (key === "addToBatch") return addToBatch;
      if (key === "decodeBatch") return decodeBatch;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const work = mkdtempSync(path.join(os.tmpdir(), "synthforge-profile-"));
const { openStore } = await import("../../src/store/openStore.js");
const store = openStore(path.join(work, "store.sqlite"));
const started = performance.now();
let summary: RunSummary;
try {
  summary = await runRecipe(loaded, {
    store,
    config: configFromEnvironment(),
    createModel: async (settings, options) => {
      const model = (await createLanguageModel(settings, { ...options, embedded })) as EmbeddedModel;
      instrument(model.context);
      parallel = model.parallelism;
      const dispose = model.dispose.bind(model);
      model.dispose = async () => {
        const ceilingStarted = performance.now();
        if (measureCeiling) {
          for (let sequences = 1; sequences <= parallel; sequences += 1)
            ceilings.push(
              await measureDecodeCeiling(model.model, {
                sequences,
                tokens: 48,
                threads: model.context.currentThreads,
              }),
            );
        }
        ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
        await dispose();
      };
      return model;
    },
    hooks: [createQualityHook({ reportDirectory: path.join(work, "out") })],
    outDir: path.join(work, "out"),
    cwd: work,
  });
} finally {
  store.close();
  rmSync(work, { recursive: true, force: true });
}
const wall = (performance.now() - started) / 1000 - ceilingSeconds;
// The generating sequences come first on the context (ids 0 … parallel-1), choose's next.
judgeSequences = new Set(Array.from({ length: choosingSequences }, (_, index) => parallel + index));

const firstBatch = batches[0]?.start ?? started;
const lastBatch = batches.at(-1)?.end ?? started;
let busy = 0;
const kinds = { prompt: 0, generated: 0, judge: 0 };
const seconds = { prompt: 0, generated: 0, judge: 0 };
let sequenceSteps = 0;
let tokenSteps = 0;
for (const batch of batches) {
  const duration = (batch.end - batch.start) / 1000;
  busy += duration;
  const total = batch.entries.reduce((sum, entry) => sum + entry.tokens, 0);
  sequenceSteps += batch.entries.length * duration;
  tokenSteps += total * duration;
  for (const entry of batch.entries) {
    const kind = judgeSequences.has(entry.sequence) ? "judge" : entry.tokens > 1 ? "prompt" : "generated";
    kinds[kind] += entry.tokens;
    // A batch's time shared among its tokens.
    seconds[kind] += (duration * entry.tokens) / total;
  }
}
const single = batches.filter((batch) => batch.entries.length === 1 && batch.entries[0]!.tokens === 1);
const widthCost: Record<string, { batches: number; msEach: number }> = {};
for (const batch of batches) {
  if (!batch.entries.every((entry) => entry.tokens === 1)) continue;
  const key = String(batch.entries.length);
  widthCost[key] ??= { batches: 0, msEach: 0 };
  const entry = widthCost[key];
  entry.msEach = (entry.msEach * entry.batches + (batch.end - batch.start)) / (entry.batches + 1);
  entry.batches += 1;
}
// The batches that only decoded, against llama.cpp's loop alone at the same width.
let ceilingMs = 0;
let decodeMs = 0;
for (const [width, cost] of Object.entries(widthCost)) {
  const ceiling = ceilings.find((each) => each.sequences === Number(width));
  if (!ceiling) continue;
  ceilingMs += cost.batches * ((1000 * Number(width)) / ceiling.tokensPerSecond);
  decodeMs += cost.batches * cost.msEach;
}
const decodeTokens = Object.entries(widthCost).reduce(
  (sum, [width, cost]) => sum + Number(width) * cost.batches,
  0,
);
const decodeMsAll = Object.values(widthCost).reduce((sum, cost) => sum + cost.batches * cost.msEach, 0);
const atParallel = ceilings.find((each) => each.sequences === parallel);
const result = {
  bench: "bench/mainCommand/profile.ts",
  label,
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
  teacher: loaded.recipe.model.name,
  records: count,
  judged,
  embedded,
  parallel,
  summary: {
    accepted: summary.accepted,
    rejected: summary.rejected,
    rejectedByReason: summary.rejectedByReason,
    inputTokens: summary.inputTokens,
    cachedInputTokens: summary.cachedInputTokens,
    outputTokens: summary.outputTokens,
    judge: summary.judge,
    seconds: summary.seconds,
  },
  wallSeconds: wall,
  beforeFirstBatchSeconds: (firstBatch - started) / 1000,
  afterLastBatchSeconds: (performance.now() - lastBatch) / 1000 - ceilingSeconds,
  batches: batches.length,
  batchSeconds: busy,
  noBatchSecondsBetween: (lastBatch - firstBatch) / 1000 - busy,
  tokens: kinds,
  tokenSeconds: seconds,
  perRecord: {
    prompt: kinds.prompt / summary.accepted,
    generated: kinds.generated / summary.accepted,
    judge: kinds.judge / summary.accepted,
  },
  meanSequencesPerBatch: busy > 0 ? sequenceSteps / busy : 0,
  meanTokensPerBatch: busy > 0 ? tokenSteps / busy : 0,
  oneTokenBatches: single.length,
  decodeOnlyBatchMs: widthCost,
  ceiling: ceilings.map((each) => ({ sequences: each.sequences, tokensPerSecond: each.tokensPerSecond })),
  /** The ceiling's time for the run's decode-only batches over theirs (1: as fast as the loop alone). */
  decodeBatchesOfCeiling: decodeMs > 0 && ceilingMs > 0 ? ceilingMs / decodeMs : undefined,
  /** Share of the decode-only batches' tokens decoded with every generating sequence in the batch. */
  fullWidthShare:
    decodeTokens > 0 ? (parallel * (widthCost[String(parallel)]?.batches ?? 0)) / decodeTokens : 0,
  /** The decode-only batches' tokens a second over the ceiling at `parallel` sequences. */
  decodeOfCeilingAtParallel:
    atParallel && decodeMsAll > 0
      ? decodeTokens / (decodeMsAll / 1000) / atParallel.tokensPerSecond
      : undefined,
  /** The run's output tokens a second (wall) over the ceiling at `parallel` sequences. */
  outputOfCeiling: atParallel ? summary.outputTokens / wall / atParallel.tokensPerSecond : undefined,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(path.join(here, "results"), { recursive: true });
writeFileSync(
  path.join(here, "results", `profile-${loaded.recipe.model.name}-${label}.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
