// Output tokens/s and records/s of a full `synthforge run` (runRecipe with the quality hook,
// a fresh SQLite store, the export) on each teacher, next to three baselines measured in the
// same process, run after run:
//   (a) plain: a plain node-llama-cpp loop on the same model file with the same sequences,
//       context size and threads, replaying the very calls the run made (same prompts, seeds,
//       sampling and JSON-Schema grammar). Ratio pipeline / plain; target >= 0.9.
//   (b) free: the same plain loop without the grammar. Ratio plain / free (output tokens/s) is
//       what constrained decoding costs; target >= 0.9 (the grammar costs at most 10%).
//   (c) ceiling: llama.cpp's decode loop alone (no prompt, no sampler, no grammar) with 1, 2, 4,
//       8 and 16 sequences in one batch: the machine's bound. The run's tokens/s is given as a
//       share of the ceiling at the same number of sequences, and the bench names the number
//       of sequences it would choose for the model (the fewest within 5% of the best).
//   (d) sweep: the full run again with 2, 4, 8 and 16 parallel sequences (BENCH_SWEEP); the
//       fewest within 5% of the best run's output tokens/s is the model's `parallel`, which a
//       recipe gets when it sets none (ModelSpec.parallel in the registry). The bench prints
//       the registry's value beside its choice, so a stale registry value shows.
// Model loading is outside every timing (each side loads once, then warms up).
//
//   npm run bench:generate     (BENCH_MODELS=a,b [both Qwen teachers], BENCH_RECORDS=n records
//                               per run [32], BENCH_REPETITIONS=r [2], BENCH_RECIPE=file
//                               [examples/sentiment-en.yaml], BENCH_PARALLEL=p [the model's default],
//                               BENCH_SWEEP=2,4,8,16 (empty: no sweep))
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { configFromEnvironment } from "../../src/core/config.js";
import { createPlan } from "../../src/core/plan/createPlan.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { prepareGeneration } from "../../src/pipeline/run/prepareGeneration.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { withCount } from "../../src/pipeline/run/withCount.js";
import { createQualityHook } from "../../src/pipeline/verify/createQualityHook.js";
import { embeddedParallel } from "../../src/providers/createLanguageModel.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { openStore } from "../../src/store/openStore.js";
import { keepResults } from "../keepResults.js";
import { measureDecodeCeiling } from "./decodeCeiling.js";
import { createPlainLlamaLoop, type ReplayedCall } from "./plainLlamaLoop.js";

keepResults(import.meta.url);

const records = Number(process.env.BENCH_RECORDS ?? 32);
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 2);
const recipeFile = process.env.BENCH_RECIPE ?? "examples/sentiment-en.yaml";
const modelNames = (process.env.BENCH_MODELS ?? "qwen2.5-coder-0.5b-instruct,qwen2.5-coder-1.5b-instruct")
  .split(",")
  .map((name) => name.trim())
  .filter((name) => name !== "");
// The example allows long answers so that none is ever cut off; a few degenerate ones then
// run for hundreds of tokens on one sequence and make the wall time of a short run mostly
// luck. The benchmark caps answers (the same cap on every side) to measure steady throughput.
const maxTokens = process.env.BENCH_MAX_TOKENS === undefined ? 160 : Number(process.env.BENCH_MAX_TOKENS);
const ceilingSequences = [1, 2, 4, 8, 16];
const ceilingTokens = 48;
const sweep = (process.env.BENCH_SWEEP ?? "2,4,8,16")
  .split(",")
  .filter((value) => value.trim() !== "")
  .map(Number);

const config = configFromEnvironment();
const fromFile = withCount(await loadRecipe(recipeFile), records);
const registry = createModelRegistry({ config });
const llama = await getSharedLlama();

interface Side {
  seconds: number;
  outputTokens: number;
  records: number;
  /** Sum of the model calls' own durations. */
  busySeconds: number;
}

const emptySide = (): Side => ({ seconds: 0, outputTokens: 0, records: 0, busySeconds: 0 });
const add = (total: Side, side: Side) => {
  total.seconds += side.seconds;
  total.outputTokens += side.outputTokens;
  total.records += side.records;
  total.busySeconds += side.busySeconds;
};

const summaries: string[] = [];

for (const modelName of modelNames) {
  const loaded = {
    ...fromFile,
    recipe: {
      ...fromFile.recipe,
      model: {
        ...fromFile.recipe.model,
        name: modelName,
        ...(process.env.BENCH_PARALLEL === undefined ? {} : { parallel: Number(process.env.BENCH_PARALLEL) }),
      },
      generation: { ...fromFile.recipe.generation, maxTokens },
      // The judge's cost is measured in the README's timing; here only generation is compared.
      judge: { ...fromFile.recipe.judge, enabled: false },
    },
  };
  const { recipe } = loaded;
  if (recipe.model.provider !== "embedded") throw new Error(`${recipeFile} must use the embedded provider`);
  const resolved = await registry.resolve(modelName, { baseDirectory: loaded.directory });
  const threads = recipe.model.threads ?? llama.cpuMathCores;
  const { contextSize } = recipe.model;
  const parallel = embeddedParallel(recipe.model, resolved);
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
  const acceptable = (outputs: readonly string[], cells: readonly Record<string, string>[]): number => {
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
  };

  /** One full run into a fresh store; returns its figures and the calls it made, in the order they started. */
  const pipelineRun = async (
    runModel: typeof model = model,
  ): Promise<Side & { calls: ReplayedCall[]; cells: Record<string, string>[]; outsideSeconds: number }> => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "synthforge-bench-generate-"));
    const store = openStore(path.join(folder, "store.sqlite"));
    try {
      const started = performance.now();
      const summary = await runRecipe(loaded, {
        store,
        model: runModel,
        config,
        hooks: [createQualityHook({ reportDirectory: "out", cwd: folder, enforceGates: false })],
        outDir: "out",
        cwd: folder,
      });
      const seconds = (performance.now() - started) / 1000;
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
      return {
        seconds,
        outsideSeconds: seconds - (lastEnd - firstCall) / 1000,
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
  };

  try {
    // Warm-up on every side: first decode, grammar compilation, page cache.
    const prepared = await prepareGeneration(loaded);
    const first = prepared.buildPrompt(createPlan(recipe.dimensions, recipe.plan)[0]!, 0);
    const warmCall: ReplayedCall = { messages: first.messages, sampling: { ...recipe.generation, seed: 1 } };
    await model.generate({
      messages: warmCall.messages,
      schema: recipe.output.schema,
      sampling: warmCall.sampling,
    });
    await plain.run([warmCall]);
    await plain.run([warmCall], { free: true });

    console.log(
      `\nbench/generate: ${recipe.name}, ${resolved.name}, ${parallel} parallel sequences, context ${contextSize}, ${threads} thread${threads === 1 ? "" : "s"}, ${records} records per run, maxTokens ${maxTokens}, node ${process.version}`,
    );
    console.log(
      "run  calls   pipeline s   tok/s   rec/s  busy    plain s   tok/s   rec/s  busy     free s   tok/s  pipe/plain tok/s  plain/free tok/s",
    );
    const totals = { pipeline: emptySide(), plain: emptySide(), free: emptySide() };
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
    for (let repetition = 1; repetition <= repetitions; repetition += 1) {
      // The plain loops replay this run's calls; the order alternates (pipeline, plain, free;
      // free, plain, pipeline; ...) so that a slow drift of the machine weighs on every side alike.
      const replay = async (run: Awaited<ReturnType<typeof pipelineRun>>, free: boolean): Promise<Side> => {
        const result = await plain.run(run.calls, { free });
        return {
          seconds: result.seconds,
          busySeconds: result.busySeconds,
          outputTokens: result.outputTokens,
          records: free ? 0 : acceptable(result.outputs, run.cells),
        };
      };
      const pipeline = await pipelineRun();
      let baseline: Side;
      let free: Side;
      if (repetition % 2 === 1) {
        baseline = await replay(pipeline, false);
        free = await replay(pipeline, true);
      } else {
        free = await replay(pipeline, true);
        baseline = await replay(pipeline, false);
      }
      outsideSeconds += pipeline.outsideSeconds;
      add(totals.pipeline, pipeline);
      add(totals.plain, baseline);
      add(totals.free, free);
      const p = rate(pipeline);
      const b = rate(baseline);
      const f = rate(free);
      console.log(
        `${String(repetition).padStart(3)}  ${String(pipeline.calls.length).padStart(5)}  ${cells(pipeline).padStart(10)}  ${cells(baseline)}  ${free.seconds.toFixed(1).padStart(9)}  ${f.tokens.toFixed(1).padStart(6)}  ${(p.tokens / b.tokens).toFixed(3).padStart(16)}  ${(b.tokens / f.tokens).toFixed(3).padStart(16)}`,
      );
    }
    const p = rate(totals.pipeline);
    const b = rate(totals.plain);
    const f = rate(totals.free);
    console.log(
      `all  pipeline ${p.tokens.toFixed(1)} tok/s, ${p.records.toFixed(2)} rec/s, sequences busy ${(p.busy * 100).toFixed(0)}%, ${outsideSeconds.toFixed(2)} s outside model calls (plan, store, quality, export); plain node-llama-cpp ${b.tokens.toFixed(1)} tok/s, ${b.records.toFixed(2)} rec/s; free (no grammar) ${f.tokens.toFixed(1)} tok/s`,
    );
    console.log(
      `ratio pipeline/plain: output tokens/s ${(p.tokens / b.tokens).toFixed(3)}, records/s ${(p.records / b.records).toFixed(3)} (target >= 0.9)`,
    );
    console.log(
      `ratio plain/free (grammar cost): output tokens/s ${(b.tokens / f.tokens).toFixed(3)} (target >= 0.9)`,
    );

    const ceilings = [];
    for (const sequences of ceilingSequences) {
      ceilings.push(await measureDecodeCeiling(plain.model, { sequences, tokens: ceilingTokens, threads }));
    }
    const best = Math.max(...ceilings.map((ceiling) => ceiling.tokensPerSecond));
    const chosen = ceilings.find((ceiling) => ceiling.tokensPerSecond >= 0.95 * best)!;
    const atParallel = ceilings.find((ceiling) => ceiling.sequences === parallel);
    console.log(
      `decode ceiling (no prompt, no sampler, no grammar), output tokens/s: ${ceilings.map((ceiling) => `${ceiling.sequences} seq ${ceiling.tokensPerSecond.toFixed(1)}`).join(", ")}`,
    );
    console.log(
      `ratio pipeline/ceiling at ${parallel} sequences: ${atParallel === undefined ? "not measured" : (p.tokens / atParallel.tokensPerSecond).toFixed(3)}; fewest sequences within 5% of the best ceiling: ${chosen.sequences}`,
    );

    // (d) The run itself at each number of sequences: what a recipe's `parallel` should be.
    const swept: { sequences: number; tokens: number; records: number }[] = [];
    for (const sequences of sweep) {
      const sweepModel =
        sequences === parallel
          ? model
          : await createEmbeddedModel({
              modelPath: resolved.path,
              id: resolved.name,
              fileSha256: resolved.sha256,
              parallel: sequences,
              contextSize,
              threads,
            });
      try {
        const total = emptySide();
        for (let repetition = 1; repetition <= repetitions; repetition += 1)
          add(total, await pipelineRun(sweepModel));
        swept.push({
          sequences,
          tokens: total.outputTokens / total.seconds,
          records: total.records / total.seconds,
        });
      } finally {
        if (sweepModel !== model) await sweepModel.dispose();
      }
    }
    const bestRun = Math.max(...swept.map((point) => point.tokens));
    const runChoice = swept.find((point) => point.tokens >= 0.95 * bestRun);
    if (swept.length > 0) {
      console.log(
        `run at each number of parallel sequences, output tokens/s (records/s): ${swept.map((point) => `${point.sequences} seq ${point.tokens.toFixed(1)} (${point.records.toFixed(2)})`).join(", ")}`,
      );
      console.log(
        `ratio best run / run at 4 sequences: ${(bestRun / (swept.find((point) => point.sequences === 4)?.tokens ?? Number.NaN)).toFixed(3)}; fewest sequences within 5% of the best run: ${runChoice!.sequences} (registry parallel: ${resolved.parallel ?? "none"})`,
      );
    }
    summaries.push(
      `${resolved.name.padEnd(30)} ${p.records.toFixed(2).padStart(6)} ${p.tokens.toFixed(1).padStart(7)} ${(p.tokens / b.tokens).toFixed(3).padStart(11)} ${(b.tokens / f.tokens).toFixed(3).padStart(10)} ${ceilings[0]!.tokensPerSecond.toFixed(1).padStart(9)} ${best.toFixed(1).padStart(9)} ${String(chosen.sequences).padStart(12)} ${String(runChoice?.sequences ?? "-").padStart(11)} ${String(resolved.parallel ?? "-").padStart(9)}`,
    );
  } finally {
    await plain.dispose();
    await model.dispose();
  }
}

console.log(
  `\nteacher                         rec/s   tok/s  pipe/plain  plain/free  ceil 1seq  ceil best  ceil choice  run choice  registry`,
);
for (const line of summaries) console.log(line);
