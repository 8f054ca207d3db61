// The OpenAI-compatible provider waits as long as a slow local server takes: no limit of the
// HTTP client cuts an answer that comes after 61 s (past the 60 s some Node clients impose)
// when `requestTimeoutMs` is 0, and nothing is retried.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOpenAICompatibleModel } from "../../src/providers/openai-compatible/createOpenAICompatibleModel.js";

const delayMs = 61_000;
let server: http.Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on("end", () => {
      setTimeout(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            choices: [
              { index: 0, message: { role: "assistant", content: "finally" }, finish_reason: "stop" },
            ],
            usage: { prompt_tokens: 3, completion_tokens: 1 },
          }),
        );
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

it("gets an answer that takes 61 s, with one request", async () => {
  const model = createOpenAICompatibleModel({
    baseUrl: url,
    model: "slow",
    requestTimeoutMs: 0,
    maxRetries: 0,
  });
  const started = Date.now();
  try {
    const result = await model.generate({
      messages: [{ role: "user", content: "Take your time." }],
      sampling: { temperature: 0, topP: 1, topK: 1, maxTokens: 8, seed: 1 },
    });
    expect(result.text).toBe("finally");
    expect(Date.now() - started).toBeGreaterThanOrEqual(delayMs);
    expect(requests).toBe(1);
  } finally {
    await model.dispose?.();
  }
});
