import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { GenerateRequest } from "../LanguageModel.js";
import { createOpenAICompatibleModel } from "./createOpenAICompatibleModel.js";

const request: GenerateRequest = {
  messages: [{ role: "user", content: "Say hello." }],
  sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 16, seed: 1 },
};
const answer = JSON.stringify({
  choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 1 },
});

const closers: Array<() => void> = [];
afterEach(() => {
  while (closers.length > 0) closers.pop()?.();
});

/** A server that holds `capacity` requests for `delayMs` each and answers 429 past that. */
async function cappedServer(capacity: number, delayMs: number) {
  let inFlight = 0;
  const counts = { ok: 0, refused: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (inFlight >= capacity) {
        counts.refused += 1;
        res.writeHead(429, { "content-type": "application/json" });
        res.end('{"error":{"message":"too many requests"}}');
        return;
      }
      inFlight += 1;
      setTimeout(() => {
        inFlight -= 1;
        counts.ok += 1;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(answer);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, counts };
}

async function generateMany(url: string, adaptive: boolean, calls: number) {
  const model = createOpenAICompatibleModel({
    baseUrl: url,
    model: "local",
    parallel: 64,
    maxRetries: 30,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 40,
    adaptiveConcurrency: adaptive,
  });
  try {
    const results = await Promise.all(Array.from({ length: calls }, () => model.generate(request)));
    return { results, concurrency: model.concurrency(), totals: model.totals() };
  } finally {
    await model.dispose?.();
  }
}

describe("adaptive concurrency against a server that refuses past its capacity", () => {
  it("cuts the requests in flight on 429 and finishes with far fewer refusals than a fixed limit", async () => {
    const fixedServer = await cappedServer(8, 15);
    const fixed = await generateMany(fixedServer.url, false, 240);
    const adaptiveServer = await cappedServer(8, 15);
    const adaptive = await generateMany(adaptiveServer.url, true, 240);

    expect(fixed.results.every((result) => result.text === "hello")).toBe(true);
    expect(adaptive.results.every((result) => result.text === "hello")).toBe(true);
    expect(adaptiveServer.counts.ok).toBe(240);
    expect(fixed.concurrency.limit).toBe(64);
    expect(adaptive.concurrency.decreases).toBeGreaterThan(0);
    expect(adaptive.concurrency.limit).toBeLessThan(64);
    expect(adaptive.totals.retries).toBe(adaptiveServer.counts.refused);
    expect(adaptiveServer.counts.refused * 3).toBeLessThan(fixedServer.counts.refused);
  });
});

describe("request timeouts", () => {
  it("waits as long as the server takes with requestTimeoutMs 0, and aborts at the limit otherwise", async () => {
    const slow = await cappedServer(4, 1200);
    const unlimited = createOpenAICompatibleModel({
      baseUrl: slow.url,
      model: "local",
      requestTimeoutMs: 0,
      maxRetries: 0,
    });
    const limited = createOpenAICompatibleModel({
      baseUrl: slow.url,
      model: "local",
      requestTimeoutMs: 300,
      maxRetries: 0,
    });
    try {
      const [answered, refused] = await Promise.allSettled([
        unlimited.generate(request),
        limited.generate(request),
      ]);
      expect(answered.status === "fulfilled" && answered.value.text).toBe("hello");
      expect(refused.status === "rejected" && String(refused.reason.message)).toMatch(
        /no complete answer within 300 ms/,
      );
    } finally {
      await unlimited.dispose?.();
      await limited.dispose?.();
    }
  });
});
