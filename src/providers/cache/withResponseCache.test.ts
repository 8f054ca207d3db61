import { describe, expect, it } from "vitest";
import type { GenerateRequest, GenerateResult, LanguageModel } from "../LanguageModel.js";
import { createMemoryResponseCache } from "./createMemoryResponseCache.js";
import { withResponseCache } from "./withResponseCache.js";

function countingModel(answer: (request: GenerateRequest) => unknown) {
  const calls: GenerateRequest[] = [];
  const model: LanguageModel = {
    identity: { provider: "fake", id: "fake-1" },
    parallelism: 4,
    async generate(request): Promise<GenerateResult> {
      calls.push(request);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const json = answer(request);
      return {
        text: JSON.stringify(json) ?? "not json",
        json,
        usage: { inputTokens: 10, outputTokens: 5 },
        timing: { startedAt: new Date().toISOString(), durationMs: 5 },
        retries: 2,
      };
    },
    dispose: async () => {},
  };
  return { model, calls };
}

const schema = { type: "object", properties: { text: { type: "string" } }, required: ["text"] };
const requestFor = (seed: number): GenerateRequest => ({
  messages: [{ role: "user", content: "Write." }],
  schema,
  sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 64, seed },
});

describe("withResponseCache", () => {
  it("answers a repeated request from the cache without calling the model", async () => {
    const { model, calls } = countingModel((request) => ({ text: `seed ${request.sampling.seed}` }));
    const cache = createMemoryResponseCache();
    const first = withResponseCache(model, cache);
    const fresh = await Promise.all([1, 2, 3].map((seed) => first.generate(requestFor(seed))));
    expect(calls).toHaveLength(3);
    expect(fresh.every((result) => !result.cached)).toBe(true);

    const second = withResponseCache(model, cache);
    const again = await Promise.all([1, 2, 3].map((seed) => second.generate(requestFor(seed))));
    expect(calls).toHaveLength(3);
    expect(again.map((result) => result.json)).toEqual(fresh.map((result) => result.json));
    expect(again.every((result) => result.cached === true && result.retries === 0)).toBe(true);
    expect(second.statistics()).toEqual({ hits: 3, misses: 0, shared: 0 });
  });

  it("shares one call between identical requests in flight", async () => {
    const { model, calls } = countingModel(() => ({ text: "same" }));
    const cached = withResponseCache(model, createMemoryResponseCache());
    const results = await Promise.all([cached.generate(requestFor(1)), cached.generate(requestFor(1))]);
    expect(calls).toHaveLength(1);
    expect(results[1]?.json).toEqual({ text: "same" });
  });

  it("caches an answer that did not parse too, so a rerun gets the same verdict for free", async () => {
    const { model, calls } = countingModel(() => undefined);
    const cache = createMemoryResponseCache();
    const cached = withResponseCache(model, cache);
    const first = await cached.generate(requestFor(1));
    const again = await cached.generate(requestFor(1));
    expect(calls).toHaveLength(1);
    expect(cache.size).toBe(1);
    expect(again).toMatchObject({ text: first.text, json: undefined, cached: true });
  });

  it("ignores a stored value of the wrong shape", async () => {
    const { model, calls } = countingModel(() => ({ text: "fresh" }));
    const cache = createMemoryResponseCache();
    const cached = withResponseCache(model, {
      getCachedResponse: () => ({ broken: true }),
      putCachedResponse: cache.putCachedResponse,
    });
    const result = await cached.generate(requestFor(1));
    expect(result.json).toEqual({ text: "fresh" });
    expect(calls).toHaveLength(1);
  });
});
