// Speculative decoding on the embedded teacher: does a token predictor make the 1.5B teacher
// faster on this machine? node-llama-cpp 3.22 ships two, both given to each generating sequence
// of the embedded provider (createEmbeddedModel's `tokenPredictor`):
//   draft:  DraftSequenceTokenPredictor, qwen2.5-coder-0.5b-instruct (same tokenizer) drafting up to
//           16 tokens greedily on a context of its own, stopping at a token under 60% confidence
//           (node-llama-cpp's defaults but the draft's temperature: its most likely token agrees
//           with the teacher more often than a sampled one);
//   lookup: InputLookupTokenPredictor, prompt lookup (the last generated tokens found in the
//           prompt, the tokens after them guessed next; node-llama-cpp's defaults).
// Two workloads, each through the provider's own generate() with the recipe's sampling:
//   sentiment:  the README recipe's (examples/sentiment-en.yaml) real generation prompts, plan
//               slots in order, seeds 1, 2, ...;
//   extraction: a copy-heavy one: `synthforge annotate`'s output prompt on real CoNLL-2003
//               development sentences (../shared/data), asking for examples/ner-en.yaml's entity
//               list, whose spans copy the input.
// The conditions, most telling first: sentiment at the recipe's temperature on 1 sequence (3
// prompts); extraction at temperature 0 on 1 sequence (3 prompts, input lookup); sentiment on 4
// sequences (8 prompts; 4 is the registry's `parallel` for the teacher); sentiment at temperature
// 0 on 1 sequence; extraction at its temperature on 4 sequences. The baseline is the provider
// without a predictor, loaded beside the others with the same settings; the calls go round by
// round on every model in turn (the order rotating), so that other work on a shared machine slows
// every side alike. Loading and one warm-up call stay outside the clock. At temperature 0 each
// predictor's outputs are compared with the baseline's (same prompts, same seeds). The figures:
// output tokens/s and its ratio over the baseline (target >= 1.3), the predictors'
// validated/refuted counts (acceptance = validated / (validated + refuted)), identical outputs.
// First, what a guess costs on these cores: the teacher evaluating a batch of 1, 2, 4, 8 and 16
// tokens of one sequence with logits for each (what checking that many guesses costs), and the
// draft model evaluating 1 token (what drafting one costs); from these, the most a predictor
// could give at a given acceptance.
//
//   npx tsx bench/generate/speculative.ts   (BENCH_PREDICTORS [draft,lookup], BENCH_CONDITIONS [all: 1,2,3,4,5],
//                                            BENCH_SECONDS [420]:
//                                            no condition starts after this many seconds,
//                                            BENCH_TEACHER [qwen2.5-coder-1.5b-instruct],
//                                            BENCH_DRAFT [qwen2.5-coder-0.5b-instruct])
//
// Writes bench/generate/results/speculative.json (speculative-conditions-3-5.json for BENCH_CONDITIONS=3,5).
import path from "node:path";
import {
  DraftSequenceTokenPredictor,
  InputLookupTokenPredictor,
  type LlamaContext,
  type LlamaModel,
  type Token,
  type TokenPredictor,
} from "node-llama-cpp";
import { configFromEnvironment } from "../../src/core/config.js";
import { createPlan } from "../../src/core/plan/createPlan.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import type { SamplingParameters } from "../../src/core/record.js";
import { outputPrompt } from "../../src/pipeline/annotate/annotateRecipe.js";
import { prepareGeneration } from "../../src/pipeline/run/prepareGeneration.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import type { ChatMessage } from "../../src/providers/LanguageModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { keepResults } from "../keepResults.js";
import { readConll, sharedData } from "../ner/realNer.js";

// BENCH_CONDITIONS picks conditions by number (1 to 5, below); a run of some writes a file of its own.
const picked = (process.env.BENCH_CONDITIONS ?? "")
  .split(",")
  .filter((value) => value.trim() !== "")
  .map(Number);
for (const number of picked)
  if (!(Number.isInteger(number) && number >= 1 && number <= 5))
    throw new Error(`BENCH_CONDITIONS: expected numbers from 1 to 5, got "${process.env.BENCH_CONDITIONS}".`);
const kept = keepResults(
  import.meta.url,
  picked.length === 0 ? "speculative" : `speculative-conditions-${picked.join("-")}`,
);
// A decode that never ends leaves nothing for node to wait on, and the process would exit 0 in the
// middle: such a run fails instead, and keeps no results file.
let finished = false;
process.on("beforeExit", () => {
  if (finished) return;
  console.error("bench/generate/speculative stopped with a condition unfinished: a decode never ended.");
  process.exitCode = 1;
});

const positive = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!(Number.isInteger(value) && value >= 1))
    throw new Error(`${name}: expected a whole number of at least 1, got "${raw}".`);
  return value;
};
const sentimentCalls = 8;
const extractionCalls = 4;
const predictorNames = (process.env.BENCH_PREDICTORS ?? "draft,lookup").split(",").filter(Boolean);
for (const name of predictorNames)
  if (name !== "draft" && name !== "lookup")
    throw new Error(`BENCH_PREDICTORS: expected draft and/or lookup, got "${name}".`);
const teacherName = process.env.BENCH_TEACHER ?? "qwen2.5-coder-1.5b-instruct";
const draftName = process.env.BENCH_DRAFT ?? "qwen2.5-coder-0.5b-instruct";

const config = configFromEnvironment();
const registry = createModelRegistry({ config });
const llama = await getSharedLlama();
const threads = llama.cpuMathCores;
const teacher = await registry.resolve(teacherName, { baseDirectory: process.cwd() });
const draft = await registry.resolve(draftName, { baseDirectory: process.cwd() });

interface Call {
  messages: ChatMessage[];
  sampling: SamplingParameters;
}
interface Workload {
  name: string;
  schema: Record<string, unknown>;
  contextSize: number;
  calls: Call[];
}

// The README recipe's prompts, as a run builds them for its first slots.
const sentimentRecipe = await loadRecipe("examples/sentiment-en.yaml");
const prepared = await prepareGeneration(sentimentRecipe);
const sentimentSlots = createPlan(sentimentRecipe.recipe.dimensions, sentimentRecipe.recipe.plan).slice(
  0,
  sentimentCalls,
);
const samplingOf = (
  generation: typeof sentimentRecipe.recipe.generation,
  seed: number,
): SamplingParameters => ({
  temperature: generation.temperature,
  topP: generation.topP,
  topK: generation.topK,
  maxTokens: generation.maxTokens,
  seed,
  ...(generation.repeatPenalty === undefined ? {} : { repeatPenalty: generation.repeatPenalty }),
});
const sentiment: Workload = {
  name: "sentiment",
  schema: sentimentRecipe.recipe.output.schema,
  contextSize: sentimentRecipe.recipe.model.contextSize,
  calls: sentimentSlots.map((slot, index) => ({
    messages: prepared.buildPrompt(slot, 0).messages,
    sampling: samplingOf(sentimentRecipe.recipe.generation, index + 1),
  })),
};

// The copy-heavy one: annotate's prompt for an output field, the NER recipe's entity list.
const nerRecipe = await loadRecipe("examples/ner-en.yaml");
const nerSchema = nerRecipe.recipe.output.schema as { properties: { entities: unknown } };
const extractionSchema = {
  type: "object",
  properties: { entities: nerSchema.properties.entities },
  required: ["entities"],
  additionalProperties: false,
};
const sentences = readConll(path.join(sharedData, "conll2003_dev.txt"))
  .filter((record) => record.entities.length >= 2 && record.text.length >= 80 && record.text.length <= 220)
  .slice(0, extractionCalls);
const extraction: Workload = {
  name: "extraction",
  schema: extractionSchema,
  contextSize: nerRecipe.recipe.model.contextSize,
  calls: sentences.map((record, index) => ({
    messages: outputPrompt(nerRecipe.recipe, record.text, ["entities"]),
    sampling: samplingOf(nerRecipe.recipe.generation, index + 1),
  })),
};

console.log(
  `bench/generate/speculative: teacher ${teacher.name}, draft ${draft.name}, ${threads} thread${threads === 1 ? "" : "s"}, node ${process.version}; ${sentiment.calls.length} sentiment prompts (temperature ${sentimentRecipe.recipe.generation.temperature}), ${extraction.calls.length} extraction prompts (temperature ${nerRecipe.recipe.generation.temperature})`,
);

// What a guess costs: the teacher checking n guesses is one batch of n + 1 tokens with logits for each.
const teacherModel = await llama.loadModel({ modelPath: teacher.path });
const draftModel = await llama.loadModel({ modelPath: draft.path });
async function batchMilliseconds(
  model: LlamaModel,
  sizes: readonly number[],
  repetitions = 3,
): Promise<number[]> {
  const context = await model.createContext({ sequences: 1, contextSize: 512, threads });
  try {
    const sequence = context.getSequence();
    const prompt = model.tokenize(
      sentiment.calls[0]!.messages.map((message) => message.content).join("\n"),
      false,
    );
    await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, 120));
    const filler = model.tokenize(" the quick brown fox jumps over the lazy dog and runs far away", false);
    const results: number[] = [];
    for (const size of sizes) {
      const tokens: Token[] = Array.from({ length: size }, (_, index) => filler[index % filler.length]!);
      let total = 0;
      for (let repetition = 0; repetition <= repetitions; repetition += 1) {
        const start = sequence.nextTokenIndex;
        const began = performance.now();
        await sequence.controlledEvaluate(tokens.map((token) => [token, { generateNext: { token: true } }]));
        // The first round warms this batch size up.
        if (repetition > 0) total += performance.now() - began;
        await sequence.eraseContextTokenRanges([{ start, end: sequence.nextTokenIndex }]);
      }
      results.push(total / repetitions);
    }
    return results;
  } finally {
    await context.dispose();
  }
}
const sizes = [1, 2, 4, 8, 16];
const teacherBatch = await batchMilliseconds(teacherModel, sizes);
const [draftToken] = await batchMilliseconds(draftModel, [1]);
console.log(
  `teacher, one sequence, a batch of n tokens with logits for each (ms): ${sizes.map((size, index) => `${size}: ${teacherBatch[index]!.toFixed(1)} (${(teacherBatch[index]! / teacherBatch[0]!).toFixed(2)}x one)`).join(", ")}; draft model, one token: ${draftToken!.toFixed(1)} ms (${(draftToken! / teacherBatch[0]!).toFixed(2)} of the teacher's)`,
);
kept.set("batchMilliseconds", {
  teacher: Object.fromEntries(sizes.map((size, index) => [size, teacherBatch[index]])),
  draftOneToken: draftToken,
});
await teacherModel.dispose();

type Kind = "none" | "draft" | "lookup";
interface Measured {
  seconds: number;
  outputTokens: number;
  outputs: string[];
  validated: number;
  refuted: number;
}

/**
 * The calls through the provider's generate() on `parallel` sequences, once on a model without a
 * predictor and once on a model for each predictor, all loaded side by side with the same
 * settings. The calls go in rounds of `parallel` (every sequence busy), each round on every model
 * in turn, the order rotating round by round: a machine shared with other work slows every side
 * alike, and the ratio compares sides measured minutes apart at most.
 */
async function measure(workload: Workload, calls: Call[], parallel: number, kinds: readonly Kind[]) {
  const draftContexts: LlamaContext[] = [];
  const models = [];
  try {
    for (const kind of kinds) {
      let tokenPredictor: (() => TokenPredictor) | undefined;
      if (kind === "draft") {
        const context = await draftModel.createContext({
          sequences: parallel,
          contextSize: workload.contextSize,
          threads,
        });
        draftContexts.push(context);
        tokenPredictor = () =>
          new DraftSequenceTokenPredictor(context.getSequence(), { evaluateOptions: { temperature: 0 } });
      } else if (kind === "lookup") tokenPredictor = () => new InputLookupTokenPredictor();
      models.push(
        await createEmbeddedModel({
          modelPath: teacher.path,
          id: teacher.name,
          parallel,
          contextSize: workload.contextSize,
          threads,
          llama,
          ...(tokenPredictor ? { tokenPredictor } : {}),
        }),
      );
    }
    const measured: Measured[] = kinds.map(() => ({
      seconds: 0,
      outputTokens: 0,
      outputs: [],
      validated: 0,
      refuted: 0,
    }));
    // Warm-up outside the clock: the grammar's compilation, the first decode.
    for (const model of models)
      await model.generate({
        messages: calls[0]!.messages,
        schema: workload.schema,
        sampling: { ...calls[0]!.sampling, maxTokens: 4 },
      });
    for (let start = 0, round = 0; start < calls.length; start += parallel, round += 1) {
      const chunk = calls.slice(start, start + parallel);
      for (let turn = 0; turn < models.length; turn += 1) {
        const index = (turn + round) % models.length;
        const model = models[index]!;
        const before = model.tokenPredictions();
        const started = performance.now();
        const results = await Promise.all(
          chunk.map((call) =>
            model.generate({ messages: call.messages, schema: workload.schema, sampling: call.sampling }),
          ),
        );
        const side = measured[index]!;
        side.seconds += (performance.now() - started) / 1000;
        const after = model.tokenPredictions();
        side.outputTokens += results.reduce((sum, result) => sum + result.usage.outputTokens, 0);
        side.outputs.push(...results.map((result) => result.text));
        side.validated += after.validated - before.validated;
        side.refuted += after.refuted - before.refuted;
      }
    }
    return measured;
  } finally {
    for (const model of models) await model.dispose();
    for (const context of draftContexts) await context.dispose();
  }
}

// The conditions, most telling first; one that would start after BENCH_SECONDS is left out and
// printed as such, so that a slow machine still ends with a results file.
const budgetSeconds = positive("BENCH_SECONDS", 420);
const benchStarted = performance.now();
const predictors = predictorNames as ("draft" | "lookup")[];
const lookupOnly = predictors.filter((kind) => kind === "lookup");
const conditions: {
  workload: Workload;
  temperature: number;
  parallel: number;
  calls: number;
  kinds: Kind[];
}[] = [
  {
    workload: sentiment,
    temperature: sentiment.calls[0]!.sampling.temperature,
    parallel: 1,
    calls: 3,
    kinds: ["none", ...predictors],
  },
  { workload: extraction, temperature: 0, parallel: 1, calls: 3, kinds: ["none", ...lookupOnly] },
  {
    workload: sentiment,
    temperature: sentiment.calls[0]!.sampling.temperature,
    parallel: 4,
    calls: 8,
    kinds: ["none", ...predictors],
  },
  { workload: sentiment, temperature: 0, parallel: 1, calls: 3, kinds: ["none", ...predictors] },
  {
    workload: extraction,
    temperature: extraction.calls[0]!.sampling.temperature,
    parallel: 4,
    calls: 4,
    kinds: ["none", ...lookupOnly],
  },
];

const rows: Record<string, unknown>[] = [];
console.log(
  "workload     temp  seq  calls  predictor   tok/s  base tok/s  ratio  validated  refuted  acceptance  identical outputs",
);
for (const [at, condition] of conditions.entries()) {
  if (picked.length > 0 && !picked.includes(at + 1)) continue;
  const { workload, temperature, parallel } = condition;
  const label = `${workload.name.padEnd(11)} ${temperature.toFixed(1).padStart(5)} ${String(parallel).padStart(4)}`;
  if ((performance.now() - benchStarted) / 1000 > budgetSeconds) {
    console.log(`${label}  not measured: the bench had used its ${budgetSeconds} s (BENCH_SECONDS)`);
    continue;
  }
  const calls = workload.calls.slice(0, condition.calls).map((call) => ({
    ...call,
    sampling: { ...call.sampling, temperature },
  }));
  const [base, ...runs] = await measure(workload, calls, parallel, condition.kinds);
  const baseRate = base!.outputTokens / base!.seconds;
  runs.forEach((run, index) => {
    const kind = condition.kinds[index + 1]!;
    const rate = run.outputTokens / run.seconds;
    const identical = run.outputs.filter((output, at) => output === base!.outputs[at]).length;
    const acceptance =
      run.validated + run.refuted === 0 ? Number.NaN : run.validated / (run.validated + run.refuted);
    rows.push({
      workload: workload.name,
      temperature,
      parallel,
      predictor: kind,
      seconds: run.seconds,
      outputTokens: run.outputTokens,
      tokensPerSecond: rate,
      baseline: { seconds: base!.seconds, outputTokens: base!.outputTokens, tokensPerSecond: baseRate },
      ratio: rate / baseRate,
      validated: run.validated,
      refuted: run.refuted,
      acceptance,
      identicalOutputs: identical,
      outputs: run.outputs.length,
    });
    console.log(
      `${label}  ${String(calls.length).padStart(5)}  ${kind.padEnd(9)} ${rate.toFixed(1).padStart(6)} ${baseRate.toFixed(1).padStart(11)} ${(rate / baseRate).toFixed(3).padStart(6)} ${String(run.validated).padStart(10)} ${String(run.refuted).padStart(8)} ${Number.isNaN(acceptance) ? "         -" : `${(acceptance * 100).toFixed(0).padStart(9)}%`}  ${identical} of ${run.outputs.length}`,
    );
  });
}
kept.set("rows", rows);

// The most any draft could give with these costs: k guesses, each confirmed with probability a
// (independently), cost k drafted tokens plus one batch of k + 1; output k' + 1 tokens for the
// k' confirmed before the first miss.
const costOf = (tokens: number) => {
  const at = sizes.findIndex((size) => size >= tokens);
  return at < 0 ? teacherBatch.at(-1)! : teacherBatch[at]!;
};
const bound = (acceptance: number, guesses: number, draftCost: number) => {
  const expected = acceptance === 1 ? guesses + 1 : (1 - acceptance ** (guesses + 1)) / (1 - acceptance);
  return (expected * teacherBatch[0]!) / (guesses * draftCost + costOf(guesses + 1));
};
const bounds = [0.6, 0.8, 0.9, 0.95, 1].map((acceptance) => {
  const draftBest = Math.max(...[1, 3, 7, 15].map((guesses) => bound(acceptance, guesses, draftToken!)));
  const lookupBest = Math.max(...[1, 3].map((guesses) => bound(acceptance, guesses, 0)));
  return { acceptance, draft: draftBest, lookup: lookupBest };
});
console.log(
  `bound from the batch costs above (best of 1, 3, 7, 15 drafted / 1, 3 looked-up guesses), speedup at per-guess acceptance a: ${bounds.map((entry) => `a=${entry.acceptance}: draft ${entry.draft.toFixed(2)}x, lookup ${entry.lookup.toFixed(2)}x`).join("; ")}`,
);
kept.set("bounds", bounds);
if (rows.length > 0) {
  const best = rows.reduce(
    (top, row) => ((row.ratio as number) > (top.ratio as number) ? row : top),
    rows[0]!,
  );
  console.log(
    `ratio predictor / none, output tokens/s: best ${(best.ratio as number).toFixed(3)} (${best.predictor}, ${best.workload}, ${best.parallel} sequence${best.parallel === 1 ? "" : "s"}, temperature ${best.temperature}); target >= 1.3`,
  );
}
await draftModel.dispose();
finished = true;
