// Streaming throughput of `synthforge serve` (in process, through the official `openai` npm
// client over HTTP with server-sent events) at 1, 4 and 16 concurrent streams, next to the
// named baseline measured in the same run: the plain node-llama-cpp loop (LlamaChat on
// sequences of its own context of the same model file, same sequences, context size, threads,
// prompts and sampling), with no Synthforge or HTTP code between the caller and llama.cpp.
// Reports aggregate completion tokens per second and the median time to first token, and the
// ratio served / plain. Writes bench/serve/results.json.
//
//   npm run bench:serve      (BENCH_ROUNDS=r requests per stream [2], BENCH_MAX_TOKENS=t [48])
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { LlamaChat } from "node-llama-cpp";
import OpenAI from "openai";
import { configFromEnvironment } from "../../src/core/config.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import { toChatHistory } from "../../src/providers/embedded/toChatHistory.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";
import { startServer } from "../../src/serve/startServer.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const maxTokens = Number(process.env.BENCH_MAX_TOKENS ?? 48);
const concurrencies = [1, 4, 16];
const parallel = 16;
const contextSize = 512;
const topics = [
  "lighthouse",
  "kettle",
  "night train",
  "bakery",
  "glacier",
  "chess club",
  "harbour",
  "violin",
];
const promptFor = (index: number) => [
  { role: "user" as const, content: `Tell a short story about a ${topics[index % topics.length]}.` },
];
const sampling = { temperature: 0.7, topP: 0.92, topK: 40 };

interface Cell {
  seconds: number;
  tokens: number;
  /** Time to first token of each request, in milliseconds. */
  firstTokenMs: number[];
}

/** Runs `concurrency` lanes, each taking the next request until `concurrency × rounds` are done. */
async function lanes(
  concurrency: number,
  one: (index: number) => Promise<{ tokens: number; firstTokenMs: number }>,
): Promise<Cell> {
  const total = concurrency * rounds;
  let next = 0;
  const cell: Cell = { seconds: 0, tokens: 0, firstTokenMs: [] };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const result = await one(index);
        cell.tokens += result.tokens;
        cell.firstTokenMs.push(result.firstTokenMs);
      }
    }),
  );
  cell.seconds = (performance.now() - started) / 1000;
  return cell;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const registry = createModelRegistry({ config: configFromEnvironment() });
const resolved = await registry.resolve(defaultStudentModelName);
const llama = await getSharedLlama();
const threads = Math.max(1, llama.cpuMathCores);

// The baseline: node-llama-cpp on its own, one LlamaChat per sequence.
const plainModel = await llama.loadModel({ modelPath: resolved.path });
const plainContext = await plainModel.createContext({ sequences: parallel, contextSize, threads });
const idleChats = Array.from(
  { length: parallel },
  () => new LlamaChat({ contextSequence: plainContext.getSequence() }),
);
const plain = async (index: number) => {
  const chat = idleChats.pop()!;
  try {
    const start = performance.now();
    let firstTokenMs = Number.NaN;
    let tokens = 0;
    await chat.generateResponse(toChatHistory(promptFor(index)), {
      ...sampling,
      seed: index,
      maxTokens,
      onToken(chunk) {
        if (tokens === 0) firstTokenMs = performance.now() - start;
        tokens += chunk.length;
      },
    });
    return { tokens, firstTokenMs };
  } finally {
    idleChats.push(chat);
  }
};

// The server, over the same model file with the same sequences, through the official client.
const served = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel,
  contextSize,
  threads,
});
const server = await startServer({ model: served, port: 0 });
const client = new OpenAI({ baseURL: server.url, apiKey: "unused", maxRetries: 0 });
const viaServer = async (index: number) => {
  const start = performance.now();
  let firstTokenMs = Number.NaN;
  let tokens = 0;
  const stream = await client.chat.completions.create({
    model: resolved.name,
    messages: promptFor(index),
    stream: true,
    stream_options: { include_usage: true },
    temperature: sampling.temperature,
    top_p: sampling.topP,
    seed: index,
    max_tokens: maxTokens,
  });
  for await (const chunk of stream) {
    if (Number.isNaN(firstTokenMs) && chunk.choices[0]?.delta.content)
      firstTokenMs = performance.now() - start;
    if (chunk.usage) tokens = chunk.usage.completion_tokens;
  }
  return { tokens, firstTokenMs };
};

try {
  await lanes(2, plain); // warm-up of both paths
  await lanes(2, viaServer);
  console.log(
    `bench/serve: ${resolved.name}, ${parallel} sequences of ${contextSize} tokens, ${threads} threads, max_tokens ${maxTokens}, ${rounds} requests per stream, node ${process.version}, ${os.cpus().length} CPUs`,
  );
  console.log("streams   plain tok/s  TTFT ms   served tok/s  TTFT ms   ratio tok/s  ratio TTFT");
  const cells = [];
  for (const concurrency of concurrencies) {
    const base = await lanes(concurrency, plain);
    const http = await lanes(concurrency, viaServer);
    const row = {
      streams: concurrency,
      plain: {
        tokensPerSecond: base.tokens / base.seconds,
        medianTtftMs: median(base.firstTokenMs),
        tokens: base.tokens,
      },
      served: {
        tokensPerSecond: http.tokens / http.seconds,
        medianTtftMs: median(http.firstTokenMs),
        tokens: http.tokens,
      },
    };
    const ratio = row.served.tokensPerSecond / row.plain.tokensPerSecond;
    const ttftRatio = row.served.medianTtftMs / row.plain.medianTtftMs;
    cells.push({ ...row, ratioTokensPerSecond: ratio, ratioTtft: ttftRatio });
    console.log(
      `${String(concurrency).padStart(7)}   ${row.plain.tokensPerSecond.toFixed(1).padStart(11)}  ${row.plain.medianTtftMs.toFixed(0).padStart(7)}   ${row.served.tokensPerSecond.toFixed(1).padStart(12)}  ${row.served.medianTtftMs.toFixed(0).padStart(7)}   ${ratio.toFixed(2).padStart(11)}  ${ttftRatio.toFixed(2).padStart(10)}`,
    );
  }
  const file = fileURLToPath(new URL("./results.json", import.meta.url));
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        bench: "bench/serve/run.ts",
        date: new Date().toISOString(),
        model: resolved.name,
        parallel,
        contextSize,
        threads,
        maxTokens,
        rounds,
        cpus: os.cpus().length,
        baseline:
          "plain node-llama-cpp loop (LlamaChat.generateResponse per sequence, same model file and settings)",
        cells,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${file}`);
} finally {
  await server.close();
  await served.dispose();
  for (const chat of idleChats) chat.dispose();
  await plainContext.dispose();
  await plainModel.dispose();
}
