import type { ResponseCache } from "./withResponseCache.js";

/** An in-memory response cache (tests, one-off library use); values are copied through JSON like a store would. */
export function createMemoryResponseCache(): ResponseCache & {
  readonly size: number;
  entries(): [string, string][];
} {
  const entries = new Map<string, string>();
  return {
    get size() {
      return entries.size;
    },
    entries: () => [...entries],
    getCachedResponse: (key) => {
      const text = entries.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    putCachedResponse: (key, value) => {
      entries.set(key, JSON.stringify(value));
    },
  };
}
