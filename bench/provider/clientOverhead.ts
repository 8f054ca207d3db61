// Client overhead of the OpenAI-compatible provider with 256 requests in flight.
//
// The far end is a node:http server in a child process that answers every request at once
// with a pre-built chat completion, so the client is what is measured.
//
// Definition: for each request, overhead = (latency of provider.generate) − (transport time of
// the same request), where transport time runs from the call to fetch until the response body
// has been read (measured by wrapping the provider's fetch). What is left is the provider's own
// work: queueing in its limiter, building and serialising the body, parsing the envelope,
// stripping reasoning, parsing and validating the JSON, accounting. The same measure is taken
// for the named baseline, a raw fetch loop (serialise, fetch, read, JSON.parse twice), in the
// same run. Throughput of both is printed with their ratio. Target: provider overhead p50 < 1 ms.
import { spawn } from "node:child_process";
import { createOpenAICompatibleModel } from "../../src/providers/openai-compatible/createOpenAICompatibleModel.js";
import { keepResults } from "../keepResults.js";

keepResults(import.meta.url);

const inFlight = 256;
const requestsPerPhase = Number(process.env.BENCH_REQUESTS ?? 20_000);
const warmupRequests = 3_000;

const content = JSON.stringify({
  text: "The noodles were fresh and the staff were kind.",
  label: "positive",
});
const schema = {
  type: "object",
  properties: { text: { type: "string" }, label: { type: "string", enum: ["positive", "negative"] } },
  required: ["text", "label"],
  additionalProperties: false,
};
const messages = [
  { role: "system" as const, content: "You write short restaurant reviews as JSON." },
  { role: "user" as const, content: "Write one positive review of a noodle shop." },
];
const sampling = { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 128, seed: 1 };

const completionBody = JSON.stringify({
  id: "chatcmpl-instant",
  object: "chat.completion",
  created: 0,
  model: "instant",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 42, completion_tokens: 18, total_tokens: 60 },
});

const serverSource = `
const http = require("node:http");
const body = Buffer.from(${JSON.stringify(completionBody)});
const headers = { "content-type": "application/json", "content-length": body.length };
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => { response.writeHead(200, headers); response.end(body); });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
`;

async function startServerProcess() {
  const child = spawn(process.execPath, ["-e", serverSource], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once("error", reject);
  });
  return { url: `http://127.0.0.1:${port}/v1`, stop: () => child.stdin.end() };
}

interface Phase {
  latencies: Float64Array;
  overheads: Float64Array;
  seconds: number;
  /** Client process CPU time (user + system) per request, in microseconds: robust to other load on the machine. */
  cpuMicroseconds: number;
}

/** Runs `total` requests with `inFlight` lanes, each lane issuing its next request when one ends. */
async function runPhase(total: number, one: (index: number) => Promise<number>): Promise<Phase> {
  const latencies = new Float64Array(total);
  const overheads = new Float64Array(total);
  let next = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const lane = async () => {
    while (next < total) {
      const index = next;
      next += 1;
      const begin = performance.now();
      const transport = await one(index);
      const latency = performance.now() - begin;
      latencies[index] = latency;
      overheads[index] = latency - transport;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const cpu = process.cpuUsage(cpuStarted);
  return {
    latencies,
    overheads,
    seconds: (performance.now() - started) / 1000,
    cpuMicroseconds: (cpu.user + cpu.system) / total,
  };
}

function percentile(values: Float64Array, fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

const { url, stop } = await startServerProcess();
try {
  const transportTimes = new Float64Array(requestsPerPhase);
  const transportStarts = new Float64Array(requestsPerPhase);
  // Each request carries its index as the seed, so the wrapper knows whose transport it timed.
  const timedFetch: typeof fetch = async (input, init) => {
    const begin = performance.now();
    const body = String(init?.body ?? "");
    const slot = Number.parseInt(body.slice(body.lastIndexOf('"seed":') + 7), 10);
    transportStarts[slot] = begin;
    const response = await fetch(input, init);
    const read = response.text.bind(response);
    Object.defineProperty(response, "text", {
      value: async () => {
        const text = await read();
        transportTimes[slot] = performance.now() - begin;
        return text;
      },
    });
    return response;
  };

  const model = createOpenAICompatibleModel({
    baseUrl: url,
    model: "instant",
    parallel: inFlight,
    fetch: timedFetch,
  });
  const providerStarts = new Float64Array(requestsPerPhase);
  const viaProvider = async (index: number) => {
    providerStarts[index] = performance.now();
    const result = await model.generate({ messages, schema, sampling: { ...sampling, seed: index } });
    if (result.json === undefined) throw new Error("the provider did not parse the answer");
    return transportTimes[index] ?? 0;
  };

  const headers = { "content-type": "application/json" };
  const viaFetch = async () => {
    const begin = performance.now();
    const body = JSON.stringify({
      model: "instant",
      messages,
      temperature: sampling.temperature,
      top_p: sampling.topP,
      max_tokens: sampling.maxTokens,
      seed: sampling.seed,
      response_format: { type: "json_schema", json_schema: { name: "record", schema, strict: true } },
    });
    const response = await fetch(`${url}/chat/completions`, { method: "POST", headers, body });
    const text = await response.text();
    const transport = performance.now() - begin;
    const envelope = JSON.parse(text) as { choices: { message: { content: string } }[] };
    JSON.parse(envelope.choices[0]?.message.content ?? "null");
    return transport;
  };

  await runPhase(warmupRequests, viaFetch);
  await runPhase(warmupRequests, viaProvider);
  const baseline = await runPhase(requestsPerPhase, viaFetch);
  const provider = await runPhase(requestsPerPhase, viaProvider);

  const row = (name: string, phase: Phase) =>
    `${name.padEnd(22)} ${(requestsPerPhase / phase.seconds).toFixed(0).padStart(8)} req/s   latency p50 ${percentile(
      phase.latencies,
      0.5,
    ).toFixed(2)} ms p99 ${percentile(phase.latencies, 0.99).toFixed(2)} ms   overhead p50 ${percentile(
      phase.overheads,
      0.5,
    ).toFixed(3)} ms p99 ${percentile(phase.overheads, 0.99).toFixed(3)} ms`;
  console.log(
    `client overhead, ${inFlight} requests in flight, ${requestsPerPhase} requests per phase, node ${process.version}`,
  );
  console.log(row("baseline: raw fetch", baseline));
  console.log(row("openai-compatible", provider));
  const before = provider.overheads.map(
    (_, index) => (transportStarts[index] ?? 0) - (providerStarts[index] ?? 0),
  );
  const after = provider.overheads.map((overhead, index) => overhead - (before[index] ?? 0));
  console.log(
    `  of which before fetch p50 ${percentile(before, 0.5).toFixed(3)} ms p99 ${percentile(before, 0.99).toFixed(3)} ms, ` +
      `after the body p50 ${percentile(after, 0.5).toFixed(3)} ms p99 ${percentile(after, 0.99).toFixed(3)} ms`,
  );
  const memoryModel = createOpenAICompatibleModel({
    baseUrl: url,
    model: "instant",
    parallel: inFlight,
    fetch: async () =>
      new Response(completionBody, { status: 200, headers: { "content-type": "application/json" } }),
  });
  const viaMemory = async (index: number) => {
    await memoryModel.generate({ messages, schema, sampling: { ...sampling, seed: index } });
    return 0;
  };
  await runPhase(warmupRequests, viaMemory);
  const memory = await runPhase(requestsPerPhase, viaMemory);
  console.log(
    `client CPU per request: raw fetch ${baseline.cpuMicroseconds.toFixed(1)} µs, provider ${provider.cpuMicroseconds.toFixed(1)} µs ` +
      `(ratio ${(provider.cpuMicroseconds / baseline.cpuMicroseconds).toFixed(3)}), provider with fetch replaced by a pre-built Response ` +
      `${memory.cpuMicroseconds.toFixed(1)} µs`,
  );
  const overheadP50 = percentile(provider.overheads, 0.5);
  console.log(
    `ratio provider / raw fetch: throughput ${(baseline.seconds / provider.seconds).toFixed(3)}, ` +
      `latency p50 ${(percentile(provider.latencies, 0.5) / percentile(baseline.latencies, 0.5)).toFixed(3)}`,
  );
  console.log(
    `target: provider overhead p50 < 1 ms: ${overheadP50 < 1 ? "met" : "NOT met"} (${overheadP50.toFixed(3)} ms)`,
  );
} finally {
  stop();
}
