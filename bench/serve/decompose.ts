// Where the served path's time goes, beside bench/serve/run.ts: the same model and settings,
// decoded three ways in one process, interleaved per repeat: the plain node-llama-cpp loop
// (LlamaChat per sequence), the server's decoder called in-process (the embedded model's
// `stream`, no HTTP), and the full served path (HTTP and the official `openai` client on a
// thread of its own). Prints tokens/s of each and the ratios to plain, at 1 and 16 streams.
//   npx tsx bench/serve/decompose.ts   (BENCH_REPEATS=r [2], BENCH_STREAMS=1,16; each cell takes max(6, 2 × streams) requests)
import os from "node:os";
import { plainRequest, prompts, sampling, startBothSides } from "./workload.js";

const repeats = Number(process.env.BENCH_REPEATS ?? 2);
const concurrencies = (process.env.BENCH_STREAMS ?? "1,16").split(",").map(Number);
const maxTokens = 64;
const { resolved, threads, served, server, client, plainContext, idleChats, close } = await startBothSides();

/** Time inside llama.cpp's batch decodes and sampling (node-llama-cpp's native calls), per context. */
interface Native {
  decodes: number;
  decodeMs: number;
  samples: number;
  sampleMs: number;
}
const timeNative = (context: object): Native => {
  const native: Native = { decodes: 0, decodeMs: 0, samples: 0, sampleMs: 0 };
  const ctx = (context as { _ctx: Record<string, (...args: unknown[]) => Promise<unknown>> })._ctx;
  const decodeBatch = ctx.decodeBatch!.bind(ctx);
  const sampleToken = ctx.sampleToken!.bind(ctx);
  ctx.decodeBatch = async (...args) => {
    const start = performance.now();
    try {
      return await decodeBatch(...args);
    } finally {
      native.decodes++;
      native.decodeMs += performance.now() - start;
    }
  };
  ctx.sampleToken = async (...args) => {
    const start = performance.now();
    try {
      return await sampleToken(...args);
    } finally {
      native.samples++;
      native.sampleMs += performance.now() - start;
    }
  };
  return native;
};
const servedNative = timeNative(served.context);
const plainNative = timeNative(plainContext);

type Path = (concurrency: number, first: number) => Promise<{ tokens: number; seconds: number }>;
/** `concurrency` lanes, each taking the next request until requestsOf(concurrency) are done. */
const requestsOf = (concurrency: number) => Math.max(6, 2 * concurrency);
const lanes = async (concurrency: number, first: number, one: (index: number) => Promise<number>) => {
  let next = 0;
  let tokens = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requestsOf(concurrency)) tokens += await one(first + next++);
    }),
  );
  return { tokens, seconds: (performance.now() - started) / 1000 };
};
const paths: Record<string, Path> = {
  plain: (concurrency, first) =>
    lanes(concurrency, first, async (index) => {
      const chat = idleChats.pop()!;
      let tokens = 0;
      try {
        await plainRequest(chat, index, maxTokens, (count) => {
          tokens += count;
        });
      } finally {
        idleChats.push(chat);
      }
      return tokens;
    }),
  decoder: (concurrency, first) =>
    lanes(concurrency, first, async (index) => {
      const end = await served.stream(
        {
          prompt: { messages: [{ role: "user", content: prompts[index % prompts.length]! }] },
          ...sampling,
          seed: index,
          maxTokens,
        },
        () => {},
      );
      return end.completionTokens;
    }),
  http: (concurrency, first) =>
    new Promise((resolve, reject) => {
      client.once("message", resolve);
      client.once("error", reject);
      client.postMessage({
        url: server.url,
        model: resolved.name,
        concurrency,
        rounds: requestsOf(concurrency) / concurrency,
        maxTokens,
        first,
        prompts,
        sampling,
      });
    }),
};
try {
  for (const path of Object.values(paths)) await path(2, 0);
  console.log(
    `decompose: ${resolved.name}, ${threads} threads, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`,
  );
  const totals = new Map<string, { tokens: number; seconds: number }>();
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const concurrency of concurrencies) {
      const order = Object.keys(paths);
      if (repeat % 2 === 1) order.reverse();
      for (const name of order) {
        const native = name === "plain" ? plainNative : servedNative;
        const before = { ...native };
        const cell = await paths[name]!(concurrency, repeat * requestsOf(concurrency));
        const batches = native.decodes - before.decodes;
        console.log(
          `  ${concurrency} ${name}: ${(cell.tokens / cell.seconds).toFixed(1)} tok/s, ${batches} batches, ${((native.decodeMs - before.decodeMs) / batches).toFixed(2)} ms decoding each, sampling ${((native.sampleMs - before.sampleMs) / Math.max(1, native.samples - before.samples)).toFixed(3)} ms per token, wall ${((cell.seconds * 1000) / batches).toFixed(2)} ms per batch`,
        );
        const key = `${concurrency} ${name}`;
        const total = totals.get(key) ?? { tokens: 0, seconds: 0 };
        total.tokens += cell.tokens;
        total.seconds += cell.seconds;
        totals.set(key, total);
      }
    }
  }
  for (const concurrency of concurrencies) {
    const rate = (name: string) => {
      const total = totals.get(`${concurrency} ${name}`)!;
      return total.tokens / total.seconds;
    };
    console.log(
      `${concurrency} streams: ${Object.keys(paths)
        .map((name) => `${name} ${rate(name).toFixed(1)} tok/s (${(rate(name) / rate("plain")).toFixed(3)})`)
        .join(", ")}`,
    );
  }
  console.log(
    `load at end ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`,
  );
} finally {
  await close();
}
