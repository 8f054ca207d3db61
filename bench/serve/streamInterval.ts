// `--stream-interval` as a user meets it: one `synthforge serve` process of the default student
// per interval (the CLI's entry, its thread pool and all; BENCH_INTERVALS [0,40,100] ms), and
// this process as the client, the official `openai` npm client streaming one request at a time.
// The named baseline, measured in the same run: the plain node-llama-cpp loop over the same
// model file in this process (LlamaChat, same context size, threads, prompts, seeds and
// sampling; the servers sit idle meanwhile). Repeats rotate which goes first; prints completion
// tokens per second of each and its ratio to the plain loop; writes
// bench/serve/results/streamInterval.json.
//   npm run bench:serve-interval   (BENCH_REPEATS=r [4], BENCH_REQUESTS=q per repeat [6])
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import { LlamaChat } from "node-llama-cpp";
import OpenAI from "openai";
import { keepResults } from "../keepResults.js";
import { startServeProcess } from "../support/startServeProcess.js";
import {
  contextSize,
  loadStudent,
  plainOnIdleChat,
  prompts,
  runLanes,
  sampling,
  threadPool,
} from "./workload.js";

const kept = keepResults(import.meta.url);
const repeats = Number(process.env.BENCH_REPEATS ?? 4);
const requests = Number(process.env.BENCH_REQUESTS ?? 6);
const maxTokens = 64;
const intervals = (process.env.BENCH_INTERVALS ?? "0,40,100").split(",");
const streams = Number(process.env.BENCH_STREAMS ?? 1);

/** Starts `synthforge serve --stream-interval <ms>` on a free port; resolves with its URL. */
const serve = (interval: string) =>
  startServeProcess(["--stream-interval", interval, "--parallel", String(Math.max(4, streams))]);

/** `count` requests over the lanes; completion tokens per second. */
async function lanes(count: number, first: number, one: (index: number) => Promise<number>) {
  const { tokens, seconds } = await runLanes(streams, count, first, one);
  return tokens / seconds;
}

/** `count` streamed requests to a server; completion tokens per second. */
function stream(url: string, count: number, first: number): Promise<number> {
  const client = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });
  return lanes(count, first, async (index) => {
    const answer = await client.chat.completions.create({
      model: "student",
      messages: [{ role: "user", content: prompts[index % prompts.length]! }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: maxTokens,
      temperature: sampling.temperature,
      top_p: sampling.topP,
      seed: index,
    });
    let tokens = 0;
    for await (const chunk of answer) if (chunk.usage) tokens += chunk.usage.completion_tokens;
    return tokens;
  });
}

const { resolved, llama, threads } = await loadStudent();
const model = await llama.loadModel({ modelPath: resolved.path });
const context = await model.createContext({ sequences: Math.max(4, streams), contextSize, threads });
const chats = Array.from(
  { length: streams },
  () => new LlamaChat({ contextSequence: context.getSequence() }),
);
/** The same requests on the plain loop in this process; completion tokens per second. */
const plain = (count: number, first: number) =>
  lanes(count, first, (index) => plainOnIdleChat(chats, index, maxTokens));

const servers = new Map<string, { child: ChildProcess; url: string }>();
try {
  for (const interval of intervals) servers.set(interval, await serve(interval));
  const paths = ["plain", ...intervals];
  const run = (which: string, count: number, first: number) =>
    which === "plain" ? plain(count, first) : stream(servers.get(which)!.url, count, first);
  for (const which of paths) await run(which, 2 * streams, 0); // warm-up
  console.log(
    `bench/serve/streamInterval: ${resolved.name}, ${repeats} repeats × ${requests} requests per stream of ${maxTokens} tokens, ${streams} streams, ${threads} threads, this process's thread pool ${threadPool}, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}`,
  );
  const rates = new Map<string, number[]>(paths.map((which) => [which, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    // Each path gets the same requests (prompts and seeds); the order rotates.
    const order = paths.map((_, index) => paths[(index + repeat) % paths.length]!);
    for (const which of order)
      rates.get(which)!.push(await run(which, requests * streams, repeat * requests * streams));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const base = mean(rates.get("plain")!);
  const rows = paths.map((which) => ({
    path: which === "plain" ? "plain node-llama-cpp loop" : `serve --stream-interval ${which}`,
    tokensPerSecond: mean(rates.get(which)!),
    ratioToPlain: mean(rates.get(which)!) / base,
    repeats: rates.get(which)!,
  }));
  for (const row of rows)
    console.log(
      `${row.path.padEnd(30)} ${row.tokensPerSecond.toFixed(1).padStart(7)} tokens/s  ${row.ratioToPlain.toFixed(2)}× plain  (repeats ${row.repeats.map((value) => value.toFixed(0)).join(", ")})`,
    );
  kept.set("settings", {
    model: resolved.name,
    repeats,
    requests,
    maxTokens,
    threads,
    threadPool,
    intervals,
  });
  kept.set(
    "baseline",
    "plain node-llama-cpp loop in the client's process (LlamaChat, same model file, context size, threads, prompts, seeds and sampling)",
  );
  kept.set("rows", rows);
} finally {
  for (const { child } of servers.values()) child.kill("SIGINT");
  for (const chat of chats) chat.dispose();
  await context.dispose();
  await model.dispose();
}
