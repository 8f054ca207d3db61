import { afterEach, describe, expect, it } from "vitest";
import { startFaultProxy } from "../../../test/support/faultProxy.js";
import { startInstantServer } from "../../../test/support/startInstantServer.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { ProviderError } from "../../core/errors/ProviderError.js";
import type { GenerateRequest } from "../LanguageModel.js";
import { createOpenAICompatibleModel } from "./createOpenAICompatibleModel.js";

const schema = {
  type: "object",
  properties: { text: { type: "string" }, label: { type: "string", enum: ["positive", "negative"] } },
  required: ["text", "label"],
  additionalProperties: false,
};
const request: GenerateRequest = {
  messages: [
    { role: "system", content: "You write reviews." },
    { role: "user", content: "Write one positive review." },
  ],
  schema,
  sampling: { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 64, seed: 3 },
};
const good = JSON.stringify({ text: "Great food.", label: "positive" });
const completion = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    choices: [{ index: 0, message: { role: "assistant", content, ...extra }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 20 },
  });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function server(options: Parameters<typeof startInstantServer>[0]) {
  const started = await startInstantServer(options);
  closers.push(started.close);
  return started;
}

describe("createOpenAICompatibleModel", () => {
  it("asks for strict json_schema output and returns the parsed value, usage and cost", async () => {
    const fake = await server({ content: good });
    const model = createOpenAICompatibleModel({
      baseUrl: fake.url,
      model: "gpt-4o-mini",
      apiKey: "sk-secret",
    });
    const result = await model.generate(request);
    expect(result.json).toEqual({ text: "Great food.", label: "positive" });
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 8 });
    expect(result.retries).toBe(0);
    expect(result.costUsd).toBeCloseTo((12 * 0.15 + 8 * 0.6) / 1e6, 12);
    const body = fake.bodies[0]!;
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "record", schema, strict: true },
    });
    expect(body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0.7,
      top_p: 0.92,
      max_tokens: 64,
      seed: 3,
    });
    expect(body).not.toHaveProperty("min_p");
    expect(model.totals()).toMatchObject({ calls: 1, httpRequests: 1, retries: 0, inputTokens: 12 });
  });

  it("sends min_p only when the recipe sets minP", async () => {
    const fake = await server({ content: good });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local" });
    await model.generate({ ...request, sampling: { ...request.sampling, minP: 0.1 } });
    expect(fake.bodies[0]).toMatchObject({ top_p: 0.92, min_p: 0.1 });
  });

  it("reports the prompt tokens the server's cache held (usage.prompt_tokens_details.cached_tokens)", async () => {
    const fake = await server({
      content: good,
      answer: () => ({
        status: 200,
        body: JSON.stringify({
          choices: [{ index: 0, message: { role: "assistant", content: good }, finish_reason: "stop" }],
          usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 64 } },
        }),
      }),
    });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local" });
    expect((await model.generate(request)).usage).toEqual({
      inputTokens: 100,
      outputTokens: 20,
      cachedInputTokens: 64,
    });
  });

  it("falls back to JSON mode with the schema in the prompt when json_schema is rejected, and remembers", async () => {
    const fake = await server({
      content: good,
      answer: (body) =>
        (body.response_format as { type: string }).type === "json_schema"
          ? { status: 400, body: '{"error":{"message":"response_format json_schema is not supported"}}' }
          : undefined,
    });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local" });
    expect((await model.generate(request)).json).toEqual({ text: "Great food.", label: "positive" });
    expect(model.structuredOutput).toBe("json_object");
    await model.generate(request);
    const types = fake.bodies.map((body) => (body.response_format as { type: string }).type);
    expect(types).toEqual(["json_schema", "json_object", "json_object"]);
    const messages = fake.bodies[2]!.messages as { role: string; content: string }[];
    expect(messages[0]?.content).toContain("You write reviews.");
    expect(messages[0]?.content).toContain('"enum":["positive","negative"]');
  });

  it("strips reasoning blocks and ignores reasoning_content before parsing", async () => {
    const fake = await server({
      content: "",
      answer: () => ({
        status: 200,
        body: completion(`<think>Positive, so {"label": ...}</think>\n${good}`, { reasoning_content: "hmm" }),
      }),
    });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "deepseek-reasoner" });
    const result = await model.generate(request);
    expect(result.text).toBe(good);
    expect(result.json).toEqual({ text: "Great food.", label: "positive" });
  });

  it("asks once more when the answer does not validate, then gives up with the parsed value", async () => {
    let calls = 0;
    const fake = await server({
      content: "",
      answer: () => {
        calls += 1;
        return { status: 200, body: completion(calls === 1 ? '{"text": "x", "label": "meh"}' : good) };
      },
    });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local" });
    const result = await model.generate(request);
    expect(result.json).toEqual({ text: "Great food.", label: "positive" });
    expect(result.retries).toBe(1);
    expect(result.usage).toEqual({ inputTokens: 200, outputTokens: 40 });
    const repair = fake.bodies[1]!.messages as { role: string; content: string }[];
    expect(repair.at(-2)).toEqual({ role: "assistant", content: '{"text": "x", "label": "meh"}' });
    expect(repair.at(-1)?.content).toMatch(/field label must be equal to one of the allowed values/);

    const stubborn = await server({ content: "not json at all" });
    const second = createOpenAICompatibleModel({ baseUrl: stubborn.url, model: "local" });
    const failed = await second.generate(request);
    expect(failed.json).toBeUndefined();
    expect(failed.text).toBe("not json at all");
    expect(stubborn.bodies).toHaveLength(2);
  });

  it("retries through 429 (seconds and date), 500, truncated bodies, resets and stalls, counting retries", async () => {
    const fake = await server({ content: good });
    const proxy = await startFaultProxy({
      target: fake.origin,
      faults: ["429", "500", "truncate", "reset", "stall", "429-date"],
      retryAfterSeconds: 0,
    });
    closers.push(proxy.close);
    const model = createOpenAICompatibleModel({
      baseUrl: `${proxy.origin}/v1`,
      model: "local",
      requestTimeoutMs: 500,
      retryBaseDelayMs: 1,
      maxRetries: 8,
    });
    const result = await model.generate(request);
    expect(result.json).toEqual({ text: "Great food.", label: "positive" });
    expect(result.retries).toBe(6);
    expect(proxy.requests).toBe(7);
    expect(model.totals()).toMatchObject({ calls: 1, httpRequests: 7, retries: 6 });
  });

  it("gives up after maxRetries with the last error", async () => {
    const fake = await server({ content: good });
    const proxy = await startFaultProxy({ target: fake.origin, faults: () => "500" });
    closers.push(proxy.close);
    const model = createOpenAICompatibleModel({
      baseUrl: `${proxy.origin}/v1`,
      model: "local",
      retryBaseDelayMs: 1,
      maxRetries: 2,
    });
    const error = await model.generate(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(500);
    expect(proxy.requests).toBe(3);
  });

  it("does not retry a 401 and never puts the key in the error", async () => {
    const key = "sk-live-abcdefghijklmnop";
    const fake = await server({
      content: good,
      answer: () => ({ status: 401, body: `{"error":{"message":"Incorrect API key provided: ${key}"}}` }),
    });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "gpt-4o", apiKey: key });
    const error = (await model.generate(request).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain("401");
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(key);
    expect(JSON.stringify(model)).not.toContain(key);
    expect(fake.bodies).toHaveLength(1);
  });

  it("sends credentials written into baseUrl as Basic authentication, never in a URL or message", async () => {
    const fake = await server({
      content: good,
      answer: () => ({ status: 401, body: '{"error":{"message":"no"}}' }),
    });
    const baseUrl = fake.url.replace("http://", "http://user:sk-url-KEY@");
    const model = createOpenAICompatibleModel({ baseUrl, model: "local" });
    const error = (await model.generate(request).catch((caught: unknown) => caught)) as ProviderError;
    expect(fake.authorizations).toEqual([`Basic ${Buffer.from("user:sk-url-KEY").toString("base64")}`]);
    expect(fake.paths).toEqual(["/v1/chat/completions"]);
    expect(error.message).toContain(`${fake.url}/chat/completions answered 401`);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain("sk-url-KEY");
  });

  it("keeps at most `parallel` requests in flight and queues the rest", async () => {
    const fake = await server({ content: good, delayMs: 20 });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local", parallel: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => model.generate(request)));
    expect(results).toHaveLength(12);
    expect(fake.maxInFlight).toBe(3);
  });

  it("stops with CancelledError when the caller aborts", async () => {
    const fake = await server({ content: good, delayMs: 5_000 });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local" });
    const controller = new AbortController();
    const pending = model.generate({ ...request, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it("lets many calls share one run's signal without Node's listener-leak warning", async () => {
    const fake = await server({ content: good });
    const model = createOpenAICompatibleModel({ baseUrl: fake.url, model: "local", parallel: 32 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const signal = new AbortController().signal;
      const results = await Promise.all(
        Array.from({ length: 40 }, () => model.generate({ ...request, signal })),
      );
      expect(results.every((result) => result.json !== undefined)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
      await model.dispose?.();
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});
