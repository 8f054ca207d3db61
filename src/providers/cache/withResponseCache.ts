import { z } from "zod";
import type { GenerateRequest, GenerateResult, LanguageModel, TokenUsage } from "../LanguageModel.js";
import { responseCacheKey } from "./responseCacheKey.js";

/** Where cached responses live: the store's response-cache table, or anything with the same two methods. */
export interface ResponseCache {
  getCachedResponse(key: string): unknown;
  putCachedResponse(key: string, value: unknown): void;
}

/** Counts of a cached model since it was wrapped. */
export interface ResponseCacheStatistics {
  hits: number;
  misses: number;
  /** Requests that waited for an identical request already in flight instead of calling the model. */
  shared: number;
}

/** A model wrapped by `withResponseCache`. */
export interface CachedLanguageModel extends LanguageModel {
  /** The model that answers misses. */
  readonly inner: LanguageModel;
  statistics(): ResponseCacheStatistics;
}

/** What is stored per key: the answer and its original cost, never a request header or key. */
const cachedResponseSchema = z.object({
  text: z.string(),
  /** Absent for an answer that did not parse (JSON has no undefined). */
  json: z.unknown().optional(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  finishReason: z.enum(["stop", "length"]).optional(),
  timing: z.object({
    startedAt: z.string(),
    durationMs: z.number(),
    timeToFirstTokenMs: z.number().optional(),
  }),
});

/**
 * Wraps a model so that every answer is kept in `cache` under `responseCacheKey` and an
 * identical request (same model, messages, schema, sampling and seed) is answered from it
 * with `cached: true` and no model call: a resumed or repeated run pays nothing twice.
 * Identical requests that overlap in time share one model call. Answers whose JSON did not
 * parse are cached too: with the same seed a rerun would get the same answer.
 */
export function withResponseCache(model: LanguageModel, cache: ResponseCache): CachedLanguageModel {
  const inFlight = new Map<string, Promise<GenerateResult>>();
  const statistics: ResponseCacheStatistics = { hits: 0, misses: 0, shared: 0 };

  const fromCache = (key: string): GenerateResult | undefined => {
    const stored = cachedResponseSchema.safeParse(cache.getCachedResponse(key));
    if (!stored.success) return undefined;
    return { ...stored.data, json: stored.data.json, cached: true, retries: 0 };
  };

  const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    const key = responseCacheKey(model.identity, request);
    const hit = fromCache(key);
    if (hit) {
      statistics.hits += 1;
      return hit;
    }
    const pending = inFlight.get(key);
    if (pending) {
      statistics.shared += 1;
      const shared = await pending;
      return { ...shared, cached: true, retries: 0 };
    }
    statistics.misses += 1;
    // Every completed answer is kept, one that does not parse too (cut off at the token limit,
    // say): with the same request and seed a rerun gets the same answer, and the same verdict,
    // without paying for it again.
    const call = model.generate(request).then((result) => {
      cache.putCachedResponse(key, {
        text: result.text,
        json: result.json,
        usage: result.usage,
        ...(result.finishReason === undefined ? {} : { finishReason: result.finishReason }),
        timing: result.timing,
      });
      return result;
    });
    inFlight.set(key, call);
    try {
      return await call;
    } finally {
      inFlight.delete(key);
    }
  };

  return {
    identity: model.identity,
    parallelism: model.parallelism,
    inner: model,
    generate,
    ...(model.costOf === undefined ? {} : { costOf: (usage: TokenUsage) => model.costOf!(usage) }),
    statistics: () => ({ ...statistics }),
    dispose: () => model.dispose(),
  };
}
