import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../LanguageModel.js";
import { canonicalJson, responseCacheKey } from "./responseCacheKey.js";

const identity = { provider: "openai-compatible", id: "gpt-4o-mini" };
const request: GenerateRequest = {
  messages: [{ role: "user", content: "Write a review." }],
  schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  sampling: { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 256, seed: 7 },
};

describe("responseCacheKey", () => {
  it("is a stable sha256 hex digest", () => {
    const key = responseCacheKey(identity, request);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(responseCacheKey(identity, { ...request })).toBe(key);
  });

  it("does not depend on key order in the schema or sampling", () => {
    const reordered: GenerateRequest = {
      messages: request.messages,
      schema: { required: ["text"], properties: { text: { type: "string" } }, type: "object" },
      sampling: { seed: 7, maxTokens: 256, topK: 40, topP: 0.92, temperature: 0.7 },
    };
    expect(responseCacheKey(identity, reordered)).toBe(responseCacheKey(identity, request));
  });

  it("changes with the seed, any sampling parameter, the messages, the schema and the model", () => {
    const base = responseCacheKey(identity, request);
    const variants = [
      responseCacheKey(identity, { ...request, sampling: { ...request.sampling, seed: 8 } }),
      responseCacheKey(identity, { ...request, sampling: { ...request.sampling, temperature: 0.8 } }),
      responseCacheKey(identity, { ...request, messages: [{ role: "user", content: "Write a poem." }] }),
      responseCacheKey(identity, { ...request, schema: undefined }),
      responseCacheKey({ ...identity, id: "gpt-4o" }, request),
      responseCacheKey({ ...identity, adapter: "tuned.gguf" }, request),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it("ignores the abort signal", () => {
    const withSignal = { ...request, signal: new AbortController().signal };
    expect(responseCacheKey(identity, withSignal)).toBe(responseCacheKey(identity, request));
  });

  it("sorts nested object keys", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});
