// The OpenAI-compatible provider against `synthforge serve` (in process) over the real default
// model: structured output parses and validates, and requests complete through a proxy that
// injects 429s, 500s, truncated bodies, a stall and a connection reset, with retries counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRecordSchema } from "../../src/core/recordSchema.js";
import type { EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import type { GenerateRequest } from "../../src/providers/LanguageModel.js";
import { createOpenAICompatibleModel } from "../../src/providers/openai-compatible/createOpenAICompatibleModel.js";
import { loadDefaultModel } from "../support/loadDefaultModel.js";
import { type ServeStack, startServeStack } from "../support/startServeStack.js";

const schema = {
  type: "object",
  properties: {
    // A bound the grammar enforces: the tiny model otherwise rambles past maxTokens, cutting the JSON.
    text: { type: "string", minLength: 10, maxLength: 100 },
    label: { type: "string", enum: ["positive", "negative"] },
  },
  required: ["text", "label"],
  additionalProperties: false,
};
const validate = compileRecordSchema(schema);
const request = (seed: number, label = "positive"): GenerateRequest => ({
  messages: [
    { role: "system", content: "You write short product reviews as JSON." },
    {
      role: "user",
      content: `Write a ${label} review of a desk lamp in one short sentence (under 100 characters).`,
    },
  ],
  schema,
  sampling: { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 80, seed },
});

let served: EmbeddedModel;
let stack: ServeStack;
const faults = ["429", "500", "truncate", "reset", "stall", "429-date"] as const;

beforeAll(async () => {
  served = await loadDefaultModel({ parallel: 2 });
  stack = await startServeStack(served, (index) => faults[index] ?? "pass");
});

afterAll(async () => {
  await stack?.close();
  await served?.dispose();
});

describe("provider against synthforge serve with the real default model", () => {
  it("lists the served model", async () => {
    const response = await fetch(`${stack.directUrl}/models`);
    const body = (await response.json()) as { data: { id: string }[] };
    expect(body.data.map((entry) => entry.id)).toEqual([served.identity.id]);
  });

  it("gets structured output that parses and validates, with token counts", async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: stack.directUrl,
      model: served.identity.id,
      parallel: 2,
    });
    const results = await Promise.all(
      [1, 2, 3, 4].map((seed) => model.generate(request(seed, seed % 2 ? "positive" : "negative"))),
    );
    for (const result of results) {
      expect(result.json, result.text).toBeDefined();
      expect(validate(result.json)).toBeUndefined();
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result.costUsd).toBe(0);
    }
    expect(model.structuredOutput).toBe("json_schema");
  });

  it("gives the same answer for the same seed", async () => {
    const model = createOpenAICompatibleModel({ baseUrl: stack.directUrl, model: served.identity.id });
    const first = await model.generate(request(42));
    const second = await model.generate(request(42));
    expect(second.text).toBe(first.text);
  });

  it("gets a JSON object in JSON mode", async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: stack.directUrl,
      model: served.identity.id,
      structuredOutput: "json_object",
    });
    // JSON mode constrains syntax only (no length bound), so give the answer room to close.
    const base = request(7);
    const result = await model.generate({ ...base, sampling: { ...base.sampling, maxTokens: 256 } });
    expect(typeof JSON.parse(result.text)).toBe("object");
  });

  it("completes every request through 429, 500, truncated JSON, a stall and a reset, counting retries", async () => {
    const model = createOpenAICompatibleModel({
      baseUrl: stack.proxiedUrl,
      model: served.identity.id,
      parallel: 2,
      requestTimeoutMs: 15_000,
      retryBaseDelayMs: 50,
      maxRetries: 8,
    });
    const results = await Promise.all([11, 12, 13, 14].map((seed) => model.generate(request(seed))));
    for (const result of results) expect(validate(result.json)).toBeUndefined();
    expect(stack.proxy.counts).toMatchObject({
      "429": 1,
      "429-date": 1,
      "500": 1,
      truncate: 1,
      reset: 1,
      stall: 1,
    });
    const retries = results.reduce((sum, result) => sum + result.retries, 0);
    expect(retries).toBeGreaterThanOrEqual(faults.length);
    expect(model.totals().retries).toBe(retries);
    expect(model.totals().httpRequests).toBe(stack.proxy.requests);
  });
});
