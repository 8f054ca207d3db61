// Streaming throughput of `synthforge serve` at 1, 4 and 16 concurrent streams, next to the
// named baseline measured in the same run: the plain node-llama-cpp loop (LlamaChat on sequences
// of a context of its own over the server's loaded model, with the same sequences, context size, threads,
// prompts, seeds and sampling), with no Synthforge or HTTP code between the caller and llama.cpp.
// The server runs in this process; its client, the official `openai` npm package streaming
// server-sent events over HTTP, runs in a process of its own (bench/serve/servedClient.ts), as a
// client does. Settings are interleaved: each repeat measures every
// concurrency on both paths, alternating which goes first, so a change in the machine's load
// falls on both. Reports completion tokens per second over all streams and repeats, the median
// time to first token, the ratios served / plain, and the median of each repeat's paired ratio;
// writes bench/serve/results/run.json.
//
//   npm run bench:serve   (BENCH_REPEATS=r [3], BENCH_ROUNDS=q requests per stream per repeat [2, at least 6 a cell],
//                          BENCH_MAX_TOKENS=t [64], BENCH_INTERVAL=ms the server's stream interval [its default],
//                          BENCH_STREAMS=1,4,16 the concurrencies)
import os from "node:os";
import { keepResults } from "../keepResults.js";
import {
  askClient,
  type ClientCell,
  contextSize,
  plainRequest,
  prompts,
  sampling,
  startBothSides,
  threadPool,
} from "./workload.js";

const kept = keepResults(import.meta.url);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
/**
 * Requests per stream in a timed cell: `rounds`, and at least 6 requests in all, so that a cell
 * at one stream is not two requests (about 0.6 s), whose ratio a moment of other load decides.
 */
const perStream = (concurrency: number) => Math.max(rounds, Math.ceil(6 / concurrency));
const maxTokens = Number(process.env.BENCH_MAX_TOKENS ?? 64);
const concurrencies = (process.env.BENCH_STREAMS ?? "1,4,16").split(",").map(Number);

type Cell = ClientCell;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const { resolved, threads, sequences, server, client, idleChats, close } = await startBothSides();
const viaServer = (
  concurrency: number,
  first: number,
  requestsPerStream = perStream(concurrency),
): Promise<Cell> =>
  askClient(client, {
    url: server.url,
    model: resolved.name,
    concurrency,
    rounds: requestsPerStream,
    maxTokens,
    first,
    prompts,
    sampling,
  });

const plainOne = async (index: number) => {
  const chat = idleChats.pop()!;
  try {
    const start = performance.now();
    let firstTokenMs = Number.NaN;
    let tokens = 0;
    await plainRequest(chat, index, maxTokens, (count) => {
      if (tokens === 0) firstTokenMs = performance.now() - start;
      tokens += count;
    });
    return { tokens, firstTokenMs };
  } finally {
    idleChats.push(chat);
  }
};
/** `concurrency` lanes, each taking the next request until `concurrency × requestsPerStream` are done. */
async function plain(
  concurrency: number,
  first: number,
  requestsPerStream = perStream(concurrency),
): Promise<Cell> {
  const total = concurrency * requestsPerStream;
  let next = 0;
  const cell: Cell = { seconds: 0, tokens: 0, firstTokenMs: [] };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const result = await plainOne(first + next++);
        cell.tokens += result.tokens;
        cell.firstTokenMs.push(result.firstTokenMs);
      }
    }),
  );
  cell.seconds = (performance.now() - started) / 1000;
  return cell;
}

const add = (into: Cell, cell: Cell) => {
  into.seconds += cell.seconds;
  into.tokens += cell.tokens;
  into.firstTokenMs.push(...cell.firstTokenMs);
};

try {
  await plain(2, 0); // warm-up of both paths
  await viaServer(2, 0);
  console.log(
    `bench/serve: ${resolved.name}, ${sequences} sequences of ${contextSize} tokens on each side, ${threads} threads, thread pool ${threadPool}, max_tokens ${maxTokens}, ${repeats} repeats × ${rounds} requests per stream (at least 6 a cell), node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const totals = new Map(
    concurrencies.map((concurrency) => [
      concurrency,
      {
        plain: { seconds: 0, tokens: 0, firstTokenMs: [] } as Cell,
        served: { seconds: 0, tokens: 0, firstTokenMs: [] } as Cell,
        /** served / plain tokens per second of each repeat, measured back to back. */
        pairs: [] as number[],
      },
    ]),
  );
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const concurrency of concurrencies) {
      const total = totals.get(concurrency)!;
      // Both paths get the same requests (prompts and seeds); which goes first alternates.
      const first = repeat * concurrency * perStream(concurrency);
      let base: Cell;
      let http: Cell;
      // Each path is warmed at this concurrency just before it is timed (one untimed request
      // per stream): without it, whichever path went first after a change of concurrency ran
      // up to a third slower at 16 streams, and the paired ratios alternated with the order.
      const warm = 100_000 + first; // requests of their own, so that no timed prompt is primed
      const timedPlain = async () => {
        await plain(concurrency, warm, 1);
        return plain(concurrency, first);
      };
      const timedServed = async () => {
        await viaServer(concurrency, warm, 1);
        return viaServer(concurrency, first);
      };
      if (repeat % 2 === 0) {
        base = await timedPlain();
        http = await timedServed();
      } else {
        http = await timedServed();
        base = await timedPlain();
      }
      add(total.plain, base);
      add(total.served, http);
      total.pairs.push(http.tokens / http.seconds / (base.tokens / base.seconds));
    }
  }
  console.log(
    "streams   plain tok/s  TTFT ms   served tok/s  TTFT ms   ratio tok/s  ratio TTFT   tokens (plain/served)",
  );
  const cells = [];
  for (const [concurrency, total] of totals) {
    const row = {
      streams: concurrency,
      plain: {
        tokensPerSecond: total.plain.tokens / total.plain.seconds,
        medianTtftMs: median(total.plain.firstTokenMs),
        tokens: total.plain.tokens,
      },
      served: {
        tokensPerSecond: total.served.tokens / total.served.seconds,
        medianTtftMs: median(total.served.firstTokenMs),
        tokens: total.served.tokens,
      },
    };
    const ratio = row.served.tokensPerSecond / row.plain.tokensPerSecond;
    const ttftRatio = row.served.medianTtftMs / row.plain.medianTtftMs;
    // Less swayed by other work on the machine than the ratio of the sums: a burst of load
    // falls on one pair, whose ratio is then an outlier.
    const pairedRatio = median(total.pairs);
    cells.push({
      ...row,
      ratioTokensPerSecond: ratio,
      medianPairedRatio: pairedRatio,
      pairs: total.pairs,
      ratioTtft: ttftRatio,
    });
    console.log(
      `${String(concurrency).padStart(7)}   ${row.plain.tokensPerSecond.toFixed(1).padStart(11)}  ${row.plain.medianTtftMs.toFixed(0).padStart(7)}   ${row.served.tokensPerSecond.toFixed(1).padStart(12)}  ${row.served.medianTtftMs.toFixed(0).padStart(7)}   ${ratio.toFixed(2).padStart(11)}  ${pairedRatio.toFixed(2).padStart(6)}  ${ttftRatio.toFixed(2).padStart(10)}   ${row.plain.tokens}/${row.served.tokens}`,
    );
  }
  kept.set("settings", {
    model: resolved.name,
    sequences: sequences,
    contextSize,
    threads,
    maxTokens,
    repeats,
    rounds,
    threadPool,
  });
  kept.set(
    "baseline",
    "plain node-llama-cpp loop (LlamaChat.generateResponse per sequence of a context of its own over the server's loaded model; same sequences, context size, threads, prompts, seeds and sampling)",
  );
  kept.set("cells", cells);
} finally {
  await close();
}
