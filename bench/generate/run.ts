// Output tokens/s and records/s of a full `synthforge run` (runRecipe with the quality hook,
// a fresh SQLite store, the export) next to the named baseline: a plain node-llama-cpp loop
// on the same model file with the same sequences, context size and threads, replaying the
// very calls the run made (same prompts, seeds, sampling and JSON-Schema grammar), measured
// in the same process, run after run. The ratio is pipeline / plain; the target is ≥ 0.9.
// Model loading is outside both timings (each side loads once, then warms up).
//
//   npm run bench:generate     (BENCH_RECORDS=n records per run [32], BENCH_REPETITIONS=r [2],
//                               BENCH_RECIPE=file [examples/sentiment-en.yaml])
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { configFromEnvironment } from "../../src/core/config.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { createQualityHook } from "../../src/pipeline/createQualityHook.js";
import { prepareGeneration } from "../../src/pipeline/prepareGeneration.js";
import { runRecipe } from "../../src/pipeline/runRecipe.js";
import { withCount } from "../../src/pipeline/withCount.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { openStore } from "../../src/store/openStore.js";
import { createPlainLlamaLoop, type ReplayedCall } from "./plainLlamaLoop.js";

const records = Number(process.env.BENCH_RECORDS ?? 48);
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 2);
const recipeFile = process.env.BENCH_RECIPE ?? "examples/sentiment-en.yaml";
// The example allows long answers so that none is ever cut off; a few degenerate ones then
// run for hundreds of tokens on one sequence and make the wall time of a short run mostly
// luck. The benchmark caps answers (the same cap on both sides) to measure steady throughput.
const maxTokens = process.env.BENCH_MAX_TOKENS === undefined ? 160 : Number(process.env.BENCH_MAX_TOKENS);

const config = configFromEnvironment();
const fromFile = withCount(await loadRecipe(recipeFile), records);
const loaded = {
  ...fromFile,
  recipe: { ...fromFile.recipe, generation: { ...fromFile.recipe.generation, maxTokens } },
};
const { recipe } = loaded;
if (recipe.model.provider !== "embedded") throw new Error(`${recipeFile} must use the embedded provider`);
const resolved = await createModelRegistry({ config }).resolve(recipe.model.name, {
  baseDirectory: loaded.directory,
});
const llama = await getSharedLlama();
const threads = recipe.model.threads ?? Math.max(1, llama.cpuMathCores - 1);
const { parallel, contextSize } = recipe.model;
const model = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  fileSha256: resolved.sha256,
  parallel,
  contextSize,
  threads,
});
const plain = await createPlainLlamaLoop({
  modelPath: resolved.path,
  schema: recipe.output.schema,
  parallel,
  contextSize,
  threads,
});

const validate = new Ajv2020({ strict: false }).compile(recipe.output.schema);
const labelField = recipe.output.labelField;
/** Outputs a run would accept: JSON that validates and carries the label the slot asked for, at most `records`. */
function acceptable(outputs: readonly string[], cells: readonly Record<string, string>[]): number {
  let count = 0;
  outputs.forEach((output, index) => {
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      return;
    }
    if (!validate(value)) return;
    const wanted = labelField === undefined ? undefined : cells[index]?.[labelField];
    if (wanted !== undefined && String((value as Record<string, unknown>)[labelField!]) !== wanted) return;
    count += 1;
  });
  return Math.min(count, records);
}

interface Side {
  seconds: number;
  outputTokens: number;
  records: number;
  /** Sum of the model calls' own durations. */
  busySeconds: number;
}

/** One full run into a fresh store; returns its figures and the calls it made, in the order they started. */
async function pipelineRun(): Promise<
  Side & { calls: ReplayedCall[]; cells: Record<string, string>[]; outsideSeconds: number }
> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-generate-"));
  const store = openStore(path.join(folder, "store.sqlite"));
  try {
    const started = performance.now();
    const summary = await runRecipe(loaded, {
      store,
      model,
      config,
      hooks: [createQualityHook({ reportDirectory: "out", cwd: folder, enforceGates: false })],
      outDir: "out",
      cwd: folder,
    });
    const finished = performance.now();
    const seconds = (finished - started) / 1000;
    const stored = store
      .listRecords(summary.runId)
      .sort((a, b) => a.provenance.timing.startedAt.localeCompare(b.provenance.timing.startedAt));
    // Wall time not covered by any model call: planning, store writes, quality checks, export.
    const spans = stored.map((record) => {
      const begin = Date.parse(record.provenance.timing.startedAt);
      return [begin, begin + record.provenance.timing.durationMs] as const;
    });
    const firstCall = Math.min(...spans.map(([begin]) => begin));
    const lastEnd = Math.max(...spans.map(([, end]) => end));
    const outsideSeconds = seconds - (lastEnd - firstCall) / 1000;
    return {
      seconds,
      outsideSeconds,
      busySeconds: stored.reduce((sum, record) => sum + record.provenance.timing.durationMs, 0) / 1000,
      outputTokens: summary.outputTokens,
      records: summary.accepted,
      calls: stored.map((record) => ({
        messages: record.provenance.messages,
        sampling: record.provenance.sampling,
      })),
      cells: stored.map((record) => record.provenance.cell),
    };
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

try {
  // Warm-up on both sides: first decode, grammar compilation, page cache.
  const prepared = await prepareGeneration(loaded);
  const first = prepared.buildPrompt({ index: 0, cell: {} }, 0);
  const warmCall: ReplayedCall = {
    messages: first.messages,
    sampling: { ...recipe.generation, seed: 1 },
  };
  await model.generate({
    messages: warmCall.messages,
    schema: recipe.output.schema,
    sampling: warmCall.sampling,
  });
  await plain.run([warmCall]);

  console.log(
    `bench/generate: ${recipe.name}, ${resolved.name}, ${parallel} parallel sequences, context ${contextSize}, ${threads} thread${threads === 1 ? "" : "s"}, ${records} records per run, maxTokens ${maxTokens}, node ${process.version}`,
  );
  console.log(
    "run  calls   pipeline s   tok/s   rec/s  busy    plain s   tok/s   rec/s  busy    ratio tok/s   ratio rec/s",
  );
  const totals: Record<"pipeline" | "plain", Side> = {
    pipeline: { seconds: 0, outputTokens: 0, records: 0, busySeconds: 0 },
    plain: { seconds: 0, outputTokens: 0, records: 0, busySeconds: 0 },
  };
  let outsideSeconds = 0;
  const rate = (side: Side) => ({
    tokens: side.outputTokens / side.seconds,
    records: side.records / side.seconds,
    busy: side.busySeconds / (side.seconds * parallel),
  });
  const cells = (side: Side) => {
    const r = rate(side);
    return `${side.seconds.toFixed(1).padStart(9)}  ${r.tokens.toFixed(1).padStart(6)}  ${r.records.toFixed(2).padStart(6)}  ${(r.busy * 100).toFixed(0).padStart(3)}%`;
  };
  let previous: Awaited<ReturnType<typeof pipelineRun>> | undefined;
  for (let repetition = 1; repetition <= repetitions; repetition += 1) {
    // ABBA order (pipeline, plain, plain, pipeline, ...) so that a slow drift of the machine
    // weighs on both sides alike; the plain loop replays the calls of the pipeline run it is paired with.
    const replayOf = async (run: NonNullable<typeof previous>): Promise<Side> => {
      const replay = await plain.run(run.calls);
      return {
        seconds: replay.seconds,
        busySeconds: replay.busySeconds,
        outputTokens: replay.outputTokens,
        records: acceptable(replay.outputs, run.cells),
      };
    };
    let pipeline: NonNullable<typeof previous>;
    let baseline: Side;
    if (repetition % 2 === 1 || previous === undefined) {
      pipeline = await pipelineRun();
      baseline = await replayOf(pipeline);
    } else {
      baseline = await replayOf(previous);
      pipeline = await pipelineRun();
    }
    previous = pipeline;
    outsideSeconds += pipeline.outsideSeconds;
    for (const [total, side] of [
      [totals.pipeline, pipeline],
      [totals.plain, baseline],
    ] as const) {
      total.seconds += side.seconds;
      total.outputTokens += side.outputTokens;
      total.records += side.records;
      total.busySeconds += side.busySeconds;
    }
    const p = rate(pipeline);
    const b = rate(baseline);
    console.log(
      `${String(repetition).padStart(3)}  ${String(pipeline.calls.length).padStart(5)}  ${cells(pipeline).padStart(10)}  ${cells(baseline)}  ${(p.tokens / b.tokens).toFixed(3).padStart(12)}  ${(p.records / b.records).toFixed(3).padStart(12)}`,
    );
  }
  const p = rate(totals.pipeline);
  const b = rate(totals.plain);
  console.log(
    `all  pipeline ${p.tokens.toFixed(1)} tok/s, ${p.records.toFixed(2)} rec/s, sequences busy ${(p.busy * 100).toFixed(0)}%, ${outsideSeconds.toFixed(2)} s outside model calls (plan, store, quality, export); plain node-llama-cpp ${b.tokens.toFixed(1)} tok/s, ${b.records.toFixed(2)} rec/s, sequences busy ${(b.busy * 100).toFixed(0)}%`,
  );
  console.log(
    `ratio pipeline/plain: output tokens/s ${(p.tokens / b.tokens).toFixed(3)}, records/s ${(p.records / b.records).toFixed(3)} (target >= 0.9)`,
  );
} finally {
  await plain.dispose();
  await model.dispose();
}
