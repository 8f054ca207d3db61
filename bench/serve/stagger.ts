// Why 16 streams through `synthforge serve` fall behind the plain loop: the server's decoder
// (the embedded model's `stream`, in process, no HTTP) at 16 concurrent lanes, each taking the
// next request as soon as its last ends ("lockstep", as the plain loop's lanes do), against the
// same lanes waiting a random 0 to BENCH_STAGGER ms [5] before each request, as requests that
// come over HTTP arrive. Same model, prompts, seeds and sampling; interleaved repeats. Prints
// tokens per second, llama.cpp batch decodes and their median and 90th-percentile time, and the
// ratio; writes bench/serve/results/stagger.json.
//   npx tsx bench/serve/stagger.ts   (BENCH_REPEATS=r [2], BENCH_STREAMS=n [16], BENCH_REQUESTS=q [3 × streams])

import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { keepResults } from "../keepResults.js";
import { contextSize, decoderRequest, loadStudent, runLanes, threadPool } from "./workload.js";

const kept = keepResults(import.meta.url);
const repeats = Number(process.env.BENCH_REPEATS ?? 2);
const streams = Number(process.env.BENCH_STREAMS ?? 16);
const requests = Number(process.env.BENCH_REQUESTS ?? 3 * streams);
const stagger = Number(process.env.BENCH_STAGGER ?? 5);
const maxTokens = 64;
const { resolved, threads } = await loadStudent();
const served = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel: streams,
  contextSize,
  threads,
});

/** Each batch decode's wall time, through a proxy in place of the addon context (its methods are read-only). */
const decodeMs: number[] = [];
const holder = served.context as unknown as {
  _ctx: Record<string, (...args: unknown[]) => Promise<unknown>>;
};
const native = holder._ctx;
const decodeBatch = native.decodeBatch!.bind(native);
holder._ctx = new Proxy(native, {
  get(target, property) {
    if (property === "decodeBatch")
      return async (...args: unknown[]) => {
        const start = performance.now();
        try {
          return await decodeBatch(...args);
        } finally {
          decodeMs.push(performance.now() - start);
        }
      };
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

async function run(first: number, delayMs: number) {
  decodeMs.length = 0;
  const { tokens, seconds } = await runLanes(streams, requests, first, async (index) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * delayMs));
    return decoderRequest(served, index, maxTokens);
  });
  const sorted = [...decodeMs].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.floor(fraction * (sorted.length - 1))] ?? Number.NaN;
  return { tokens, seconds, batches: sorted.length, medianDecodeMs: at(0.5), p90DecodeMs: at(0.9) };
}

try {
  await run(10_000, 0); // warm-up
  console.log(
    `bench/serve/stagger: ${resolved.name}, ${streams} lanes, ${requests} requests of ${maxTokens} tokens per cell, ${repeats} repeats, ${threads} threads, thread pool ${threadPool}`,
  );
  const cells: Record<string, Awaited<ReturnType<typeof run>>[]> = { lockstep: [], staggered: [] };
  for (let repeat = 0; repeat < repeats; repeat++) {
    const order = repeat % 2 === 0 ? ["lockstep", "staggered"] : ["staggered", "lockstep"];
    for (const name of order) {
      const cell = await run(repeat * requests, name === "lockstep" ? 0 : stagger);
      cells[name]!.push(cell);
      console.log(
        `  ${name}: ${(cell.tokens / cell.seconds).toFixed(1)} tok/s, ${cell.batches} batches, decode median ${cell.medianDecodeMs.toFixed(1)} ms, p90 ${cell.p90DecodeMs.toFixed(1)} ms`,
      );
    }
  }
  const rate = (name: string) => {
    const list = cells[name]!;
    return (
      list.reduce((sum, cell) => sum + cell.tokens, 0) / list.reduce((sum, cell) => sum + cell.seconds, 0)
    );
  };
  console.log(
    `lockstep ${rate("lockstep").toFixed(1)} tok/s, staggered (0-${stagger} ms before each request) ${rate("staggered").toFixed(1)} tok/s: ${(rate("staggered") / rate("lockstep")).toFixed(2)}×`,
  );
  kept.set("settings", {
    model: resolved.name,
    streams,
    requests,
    maxTokens,
    repeats,
    staggerMs: stagger,
    threads,
    threadPool,
  });
  kept.set("cells", cells);
  kept.set("ratio", rate("staggered") / rate("lockstep"));
} finally {
  await served.dispose();
}
