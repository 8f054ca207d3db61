// Chooses an embedded model's settings on this machine from measurement and writes them where
// runs read them as defaults (the machine's measured-settings registry, readMeasuredSettings):
//   threads: each count from 1 to the cores llama.cpp sees, measured on llama.cpp's decode loop
//            with 4 sequences and on a 64-token prompt; the fastest on the sum of both times
//            (a run spends its time on both), the fewer threads on a tie within 3%;
//   parallel: at those threads, the decode loop with 1, 2, 4, 8 and 16 sequences in one batch;
//            the fewest sequences within 5% of the best output tokens/s.
// The figures go into the settings file beside the choice, and into
// bench/generate/results/settings-<model>.json. A recipe's `model.parallel` / `model.threads`
// override the measured values; neither enters the run's identity.
//
//   npm run bench:settings     (BENCH_MODELS=a,b [qwen2.5-coder-1.5b-instruct], BENCH_THREADS=1,2 [1..cores])
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { currentMachine, writeMeasuredSettings } from "../../src/providers/registry/measuredSettings.js";
import { measureDecodeCeiling } from "./decodeCeiling.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = configFromEnvironment();
const llama = await getSharedLlama();
const models = (process.env.BENCH_MODELS ?? "qwen2.5-coder-1.5b-instruct").split(",").filter(Boolean);
const threadCounts = process.env.BENCH_THREADS
  ? process.env.BENCH_THREADS.split(",").map(Number)
  : Array.from({ length: Math.max(1, llama.cpuMathCores) }, (_, index) => index + 1);
const widths = [1, 2, 4, 8, 16];
const promptTokens = 64;
const decodeTokens = 24;

for (const name of models) {
  const resolved = await createModelRegistry({ config }).resolve(name);
  const model = await llama.loadModel({ modelPath: resolved.path });
  /** Prompt tokens/s: the median of three evaluations of one 64-token prompt. */
  const promptRate = async (threads: number) => {
    const context = await model.createContext({ sequences: 1, contextSize: 256, threads });
    try {
      const sequence = context.getSequence();
      const tokens = model.tokenize("The quick brown fox jumps over the lazy dog. ".repeat(20), false);
      const times: number[] = [];
      for (let repeat = 0; repeat < 3; repeat += 1) {
        await sequence.clearHistory();
        const started = performance.now();
        await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, promptTokens));
        times.push(performance.now() - started);
      }
      times.sort((one, other) => one - other);
      return promptTokens / (times[1]! / 1000);
    } finally {
      await context.dispose();
    }
  };
  const byThreads: Record<string, { promptTokensPerSecond: number; decode4TokensPerSecond: number }> = {};
  for (const threads of threadCounts) {
    const prompt = await promptRate(threads);
    const decode = await measureDecodeCeiling(model, { sequences: 4, tokens: decodeTokens, threads });
    byThreads[threads] = { promptTokensPerSecond: prompt, decode4TokensPerSecond: decode.tokensPerSecond };
    console.log(
      `${name} threads ${threads}: prompt ${prompt.toFixed(1)} tok/s, decode (4 sequences) ${decode.tokensPerSecond.toFixed(1)} tok/s`,
    );
  }
  // Seconds for one prompt token and one output token: what a run of short records spends.
  const cost = (threads: number) =>
    1 / byThreads[threads]!.promptTokensPerSecond + 1 / byThreads[threads]!.decode4TokensPerSecond;
  const fastest = Math.min(...threadCounts.map(cost));
  const threads = threadCounts.find((count) => cost(count) <= fastest * 1.03)!;
  const byWidth: Record<string, number> = {};
  for (const sequences of widths) {
    byWidth[sequences] = (
      await measureDecodeCeiling(model, { sequences, tokens: decodeTokens, threads })
    ).tokensPerSecond;
    console.log(
      `${name} threads ${threads}, ${sequences} sequences: ${byWidth[sequences]!.toFixed(1)} tok/s`,
    );
  }
  const best = Math.max(...Object.values(byWidth));
  const parallel = widths.find((sequences) => byWidth[sequences]! >= best * 0.95)!;
  await model.dispose();
  const settings = {
    sha256: resolved.sha256,
    model: resolved.name,
    machine: currentMachine(),
    measuredAt: new Date().toISOString(),
    bench: "bench/generate/settings.ts",
    parallel,
    threads,
    figures: {
      rule: "threads: the fewest within 3% of the least time per prompt token plus per output token (decode loop, 4 sequences); parallel: the fewest sequences within 5% of the best decode-loop output tokens/s at those threads",
      byThreads,
      decodeTokensPerSecondBySequences: byWidth,
      loadAverage: (await import("node:os")).loadavg(),
    },
  };
  const file = await writeMeasuredSettings(config.cacheDir, settings);
  console.log(`${name}: parallel ${parallel}, threads ${threads} (written to ${file})`);
  mkdirSync(path.join(here, "results"), { recursive: true });
  writeFileSync(
    path.join(here, "results", `settings-${name}.json`),
    `${JSON.stringify(settings, null, 2)}\n`,
  );
}
