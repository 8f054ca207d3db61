// `--stream-interval` as a user meets it: two `synthforge serve` processes of the default
// student (the CLI's entry, its thread pool and all), one sending every token as an event of
// its own (0) and one at the default (40 ms), and this process as the client, the official
// `openai` npm client streaming one request at a time. Repeats alternate which server goes
// first; prints completion tokens per second of each, and the ratio of the default to 0.
//   npx tsx bench/serve/streamInterval.ts   (BENCH_REPEATS=4, BENCH_REQUESTS=6 per repeat)
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { prompts } from "./workload.js";

const repeats = Number(process.env.BENCH_REPEATS ?? 4);
const requests = Number(process.env.BENCH_REQUESTS ?? 6);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const intervals = ["0", "40"];

/** Starts `synthforge serve --stream-interval <ms>` on a free port; resolves with its URL. */
function serve(interval: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.join(root, "bin/synthforge.js"), "serve", "--port", "0", "--stream-interval", interval],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

/** `count` streamed requests one after another; completion tokens per second. */
async function stream(url: string, count: number, first: number): Promise<number> {
  const client = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });
  let tokens = 0;
  const started = performance.now();
  for (let index = first; index < first + count; index++) {
    const answer = await client.chat.completions.create({
      model: "student",
      messages: [{ role: "user", content: prompts[index % prompts.length]! }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.7,
      seed: index,
    });
    for await (const chunk of answer) if (chunk.usage) tokens += chunk.usage.completion_tokens;
  }
  return tokens / ((performance.now() - started) / 1000);
}

const servers = new Map<string, { child: ChildProcess; url: string }>();
try {
  for (const interval of intervals) servers.set(interval, await serve(interval));
  for (const interval of intervals) await stream(servers.get(interval)!.url, 2, 0);
  console.log(
    `bench/serve/streamInterval: ${repeats} repeats × ${requests} requests of 64 tokens, 1 stream, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}`,
  );
  const rates = new Map<string, number[]>(intervals.map((interval) => [interval, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    const order = repeat % 2 === 0 ? intervals : [...intervals].reverse();
    for (const interval of order)
      rates.get(interval)!.push(await stream(servers.get(interval)!.url, requests, repeat * requests));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  for (const [interval, values] of rates)
    console.log(
      `--stream-interval ${interval}: ${mean(values).toFixed(1)} tokens/s (repeats ${values.map((value) => value.toFixed(0)).join(", ")})`,
    );
  console.log(`40 ms / every token: ${(mean(rates.get("40")!) / mean(rates.get("0")!)).toFixed(2)}×`);
} finally {
  for (const { child } of servers.values()) child.kill("SIGINT");
}
