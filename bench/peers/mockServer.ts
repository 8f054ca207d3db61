// The OpenAI-compatible server of bench/peers, run in its own process (`fork`) so that its work
// is not counted as any client's. `POST /v1/chat/completions` answers after a fixed time to the
// first token and a fixed gap per token: a stream of server-sent events when the request asks
// for `stream: true`, else one JSON body after the same total time. The answer's content is the
// JSON `{"item": N, "text": "..."}`, the same for every request of prompt N (the number the
// prompt names as `prompt #N`), so a tool's output says which prompt each record came from.
//
// Faults on request: a seeded share of answers is 429 with `Retry-After`, 500 or 503, decided by
// (seed, prompt, how many requests that prompt has had), so every tool meets the same faults.
// The server counts requests per prompt, and a request for a prompt that comes before the
// `Retry-After` that prompt's last 429 gave is counted as an early retry.
//
// The parent talks to it over IPC: `{ type: "reset", settings }` before a run (answered
// `{ type: "ready" }`), `{ type: "stats" }` (answered with the counts); the server itself sends
// `{ type: "first-request" }` and `{ type: "all-answered" }` (when every expected prompt has had a
// complete 200 answer), so the parent can sample the client's CPU time at those moments.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { syntheticSentence } from "../../test/support/startSyntheticServer.js";

export interface MockSettings {
  /** Milliseconds from the request to the first token. */
  firstTokenMs: number;
  /** Tokens in every answer; one SSE chunk each when streaming. */
  tokens: number;
  /** Milliseconds between tokens. */
  tokenGapMs: number;
  /** Prompts the run should answer (0 … expected − 1): `all-answered` is sent when each has had a 200. */
  expected: number;
  /** Shares of requests answered 429, 500 and 503 (0 for none). */
  faults: { share429: number; share500: number; share503: number; retryAfterSeconds: number; seed: number };
}

export interface MockStats {
  requests: number;
  /** Requests answered 200 in full. */
  answered: number;
  status429: number;
  status5xx: number;
  /** Requests that came before the Retry-After of their prompt's last 429 was over. */
  earlyRetries: number;
  /** The earliest of them, in milliseconds before the time Retry-After asked for. */
  worstEarlyMs: number;
  /** Prompts answered 200 more than once (the tool asked again for a prompt it had). */
  promptsAnsweredTwice: number;
  /** Expected prompts never answered 200. */
  promptsNeverAnswered: number;
  /** Requests that named no prompt this run expects (health checks, probes): answered 200 "ok" at once. */
  unknownPrompts: number;
  /** Milliseconds from the first request to the moment every expected prompt had been answered. */
  spanMs: number;
  streamed: number;
}

/** A number in [0, 1) from the fault seed, the prompt and its request count (splitmix-like). */
function draw(seed: number, prompt: number, request: number): number {
  let x =
    (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
      Math.imul(prompt + 1, 0xc2b2ae35) ^
      (request * 0x27d4eb2f)) >>>
    0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

/** The content every request of `prompt` gets: distinct per prompt, the same on every request. */
export function mockContent(prompt: number): string {
  return JSON.stringify({
    item: prompt,
    text: `${syntheticSentence(prompt + 7919)} ${syntheticSentence(prompt * 31 + 104_729)}`,
  });
}

/** The prompt number a request names (`prompt #N` in its last user message, else any message). */
function promptOf(messages: { role?: string; content?: unknown }[] | undefined): number | undefined {
  // Content is a string, or a list of parts ({ type: "text", text }) as some clients send it.
  const textOf = (content: unknown): string =>
    typeof content === "string"
      ? content
      : Array.isArray(content)
        ? content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("\n")
        : "";
  const lastUser = [...(messages ?? [])].reverse().find((message) => message.role === "user");
  for (const text of [
    textOf(lastUser?.content),
    ...(messages ?? []).map((message) => textOf(message.content)),
  ]) {
    const found = /prompt #(\d+)/.exec(text);
    if (found) return Number(found[1]);
  }
  return undefined;
}

let settings: MockSettings = {
  firstTokenMs: 100,
  tokens: 16,
  tokenGapMs: 5,
  expected: 0,
  faults: { share429: 0, share500: 0, share503: 0, retryAfterSeconds: 1, seed: 1 },
};
let requestsPerPrompt = new Map<number, number>();
let answersPerPrompt = new Map<number, number>();
let notBefore = new Map<number, number>();
let stats: MockStats;
let firstAt = 0;
let answeredPrompts = 0;

function reset(next: MockSettings): void {
  settings = next;
  requestsPerPrompt = new Map();
  answersPerPrompt = new Map();
  notBefore = new Map();
  firstAt = 0;
  answeredPrompts = 0;
  stats = {
    requests: 0,
    answered: 0,
    status429: 0,
    status5xx: 0,
    earlyRetries: 0,
    worstEarlyMs: 0,
    promptsAnsweredTwice: 0,
    promptsNeverAnswered: 0,
    unknownPrompts: 0,
    spanMs: 0,
    streamed: 0,
  };
}
reset(settings);

function answered(prompt: number): void {
  stats.answered += 1;
  const before = answersPerPrompt.get(prompt) ?? 0;
  answersPerPrompt.set(prompt, before + 1);
  if (before === 1) stats.promptsAnsweredTwice += 1;
  if (before === 0 && prompt < settings.expected) {
    answeredPrompts += 1;
    if (answeredPrompts === settings.expected) {
      stats.spanMs = performance.now() - firstAt;
      process.send?.({ type: "all-answered" });
    }
  }
}

function splitTokens(content: string, count: number): string[] {
  const size = Math.ceil(content.length / count);
  return Array.from({ length: count }, (_, index) => content.slice(index * size, (index + 1) * size));
}

function handle(body: string, response: http.ServerResponse): void {
  const now = performance.now();
  stats.requests += 1;
  let request: { model?: string; stream?: boolean; messages?: { role?: string; content?: unknown }[] };
  try {
    request = JSON.parse(body);
  } catch {
    response.writeHead(400, { "content-type": "application/json" });
    response.end(
      JSON.stringify({ error: { message: "the body is not JSON", type: "invalid_request_error" } }),
    );
    return;
  }
  const prompt = promptOf(request.messages);
  if (prompt === undefined || prompt >= settings.expected) {
    // A tool's health check or rate-limit probe: answered at once, counted apart.
    stats.unknownPrompts += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id: "chatcmpl-probe",
        object: "chat.completion",
        created: 0,
        model: request.model ?? "mock",
        choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
    return;
  }
  if (firstAt === 0) {
    firstAt = now;
    process.send?.({ type: "first-request" });
  }
  const seen = requestsPerPrompt.get(prompt) ?? 0;
  requestsPerPrompt.set(prompt, seen + 1);
  const allowedAt = notBefore.get(prompt);
  if (allowedAt !== undefined && now < allowedAt) {
    stats.earlyRetries += 1;
    stats.worstEarlyMs = Math.max(stats.worstEarlyMs, allowedAt - now);
  }
  const { share429, share500, share503, retryAfterSeconds, seed } = settings.faults;
  const roll = draw(seed, prompt, seen);
  if (roll < share429 + share500 + share503) {
    const status = roll < share429 ? 429 : roll < share429 + share500 ? 500 : 503;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (status === 429) {
      stats.status429 += 1;
      headers["retry-after"] = String(retryAfterSeconds);
      notBefore.set(prompt, now + retryAfterSeconds * 1000);
    } else {
      stats.status5xx += 1;
    }
    response.writeHead(status, headers);
    response.end(JSON.stringify({ error: { message: `injected ${status}`, type: "server_error" } }));
    return;
  }
  const content = mockContent(prompt);
  const model = request.model ?? "mock";
  const id = `chatcmpl-${prompt}-${seen}`;
  const usage = { prompt_tokens: 24, completion_tokens: settings.tokens, total_tokens: 24 + settings.tokens };
  if (request.stream === true) {
    stats.streamed += 1;
    const pieces = splitTokens(content, settings.tokens);
    setTimeout(() => {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      let index = 0;
      const next = () => {
        if (response.destroyed) return;
        if (index < pieces.length) {
          const delta =
            index === 0 ? { role: "assistant", content: pieces[index] } : { content: pieces[index] };
          response.write(
            `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
          );
          index += 1;
          setTimeout(next, settings.tokenGapMs);
          return;
        }
        response.write(
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage })}\n\n`,
        );
        response.end("data: [DONE]\n\n");
        answered(prompt);
      };
      next();
    }, settings.firstTokenMs);
    return;
  }
  const answer = JSON.stringify({
    id,
    object: "chat.completion",
    created: 0,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage,
  });
  setTimeout(
    () => {
      if (response.destroyed) return;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(answer);
      answered(prompt);
    },
    settings.firstTokenMs + settings.tokens * settings.tokenGapMs,
  );
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    if (request.method === "POST" && request.url?.endsWith("/chat/completions")) {
      handle(body, response);
    } else if (request.method === "GET" && request.url?.endsWith("/models")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ object: "list", data: [{ id: "mock", object: "model", owned_by: "bench" }] }),
      );
    } else {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
    }
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 130_000;
server.maxConnections = 4096;

process.on("message", (message: { type: string; settings?: MockSettings }) => {
  if (message.type === "reset" && message.settings) {
    reset(message.settings);
    server.closeIdleConnections();
    process.send?.({ type: "ready" });
  } else if (message.type === "stats") {
    let never = 0;
    for (let prompt = 0; prompt < settings.expected; prompt += 1)
      if (!answersPerPrompt.has(prompt)) never += 1;
    process.send?.({ type: "stats", stats: { ...stats, promptsNeverAnswered: never } });
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", 1024, () => {
  process.send?.({ type: "listening", port: (server.address() as AddressInfo).port });
});
