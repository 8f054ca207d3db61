// Where the served path's time goes, beside bench/serve/run.ts: the same model and settings,
// decoded four ways in one process, interleaved per repeat: the plain node-llama-cpp loop
// (LlamaChat per sequence), the server's decoder called in-process (the embedded model's
// `stream`, no HTTP), the full served path (HTTP and the official `openai` client in a process of
// its own) at the default stream interval, and the same with every token an event of its own
// (`streamIntervalMs: 0`). Prints tokens/s of each, llama.cpp's batches and the time in them, and
// the ratios to plain.
//   npx tsx bench/serve/decompose.ts   (BENCH_REPEATS=r [2], BENCH_STREAMS=1,16, BENCH_THREADS=n [all math cores]; each cell takes max(6, 2 × streams) requests)
import os from "node:os";
import { startServer } from "../../src/serve/startServer.js";
import {
  askClient,
  decoderRequest,
  plainOnIdleChat,
  prompts,
  runLanes,
  sampling,
  startBothSides,
  threadPool,
} from "./workload.js";

const repeats = Number(process.env.BENCH_REPEATS ?? 2);
const concurrencies = (process.env.BENCH_STREAMS ?? "1,16").split(",").map(Number);
const maxTokens = 64;
const { resolved, threads, served, server, client, plainContext, idleChats, close } = await startBothSides();
// The same model served again with every token an event of its own, beside the default pacing.
const everyToken = await startServer({ model: served, port: 0, limits: { streamIntervalMs: 0 } });

/** Time inside llama.cpp's batch decodes and sampling (node-llama-cpp's native calls), per context. */
interface Native {
  decodes: number;
  decodeMs: number;
  samples: number;
  sampleMs: number;
}
const timeNative = (context: object): Native => {
  const native: Native = { decodes: 0, decodeMs: 0, samples: 0, sampleMs: 0 };
  // The addon's methods are read-only properties: time them through a proxy put in its place.
  const holder = context as { _ctx: object };
  const timed = (target: object, name: "decodeBatch" | "sampleToken") => {
    const method = (target as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!.bind(target);
    return async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await method(...args);
      } finally {
        if (name === "decodeBatch") {
          native.decodes++;
          native.decodeMs += performance.now() - start;
        } else {
          native.samples++;
          native.sampleMs += performance.now() - start;
        }
      }
    };
  };
  const ctx = holder._ctx;
  const wrapped = { decodeBatch: timed(ctx, "decodeBatch"), sampleToken: timed(ctx, "sampleToken") };
  holder._ctx = new Proxy(ctx, {
    get(target, property) {
      if (property === "decodeBatch" || property === "sampleToken") return wrapped[property];
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return native;
};
const servedNative = timeNative(served.context);
const plainNative = timeNative(plainContext);

type Path = (
  concurrency: number,
  first: number,
  count?: number,
) => Promise<{ tokens: number; seconds: number }>;
/** Requests a timed cell takes. */
const requestsOf = (concurrency: number) => Math.max(6, 2 * concurrency);
const paths: Record<string, Path> = {
  plain: (concurrency, first, count = requestsOf(concurrency)) =>
    runLanes(concurrency, count, first, (index) => plainOnIdleChat(idleChats, index, maxTokens)),
  decoder: (concurrency, first, count = requestsOf(concurrency)) =>
    runLanes(concurrency, count, first, (index) => decoderRequest(served, index, maxTokens)),
  http: (concurrency, first, count) => overHttp(server.url, concurrency, first, count),
  "http-every-token": (concurrency, first, count) => overHttp(everyToken.url, concurrency, first, count),
};
function overHttp(url: string, concurrency: number, first: number, count = requestsOf(concurrency)) {
  return askClient(client, {
    url,
    model: resolved.name,
    concurrency,
    rounds: count / concurrency,
    maxTokens,
    first,
    prompts,
    sampling,
  });
}
try {
  for (const path of Object.values(paths)) await path(2, 0);
  console.log(
    `decompose: ${resolved.name}, ${threads} threads, thread pool ${threadPool}, node ${process.version}, ${os.cpus().length} CPUs, load ${os
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
        // Warmed at this concurrency just before it is timed, as in run.ts.
        await paths[name]!(concurrency, 100_000 + repeat * requestsOf(concurrency), concurrency);
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
  await everyToken.close();
  await close();
}
