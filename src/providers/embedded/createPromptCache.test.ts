import { describe, expect, it } from "vitest";
import { type CachingSequence, createPromptCache } from "./createPromptCache.js";

/** A sequence holding a token list, compared as node-llama-cpp compares them. */
class FakeSequence implements CachingSequence {
  constructor(
    public readonly name: string,
    public tokens: number[] = [],
  ) {}
  compareContextTokens(prompt: readonly number[]) {
    let index = 0;
    while (index < this.tokens.length && index < prompt.length && this.tokens[index] === prompt[index])
      index += 1;
    return { firstDifferentIndex: index };
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

function setUp(size: number, minimumGain = 4) {
  const copies: string[] = [];
  const slots = Array.from({ length: size }, (_, index) => new FakeSequence(`cache${index}`));
  const cache = createPromptCache(
    slots,
    async (target: FakeSequence, source: FakeSequence, upTo: number) => {
      copies.push(`${source.name}→${target.name}:${upTo}`);
      target.tokens = source.tokens.slice(0, upTo);
      return true;
    },
    { minimumGain },
  );
  return { cache, copies, slots };
}

describe("createPromptCache", () => {
  it("gives a sequence the longest start of its prompt that a kept prompt shares", async () => {
    const { cache, copies } = setUp(2);
    const first = new FakeSequence("gen0", range(0, 30));
    await cache.keep(first, range(0, 30));
    const second = new FakeSequence("gen1", [99]);
    // Shares 20 tokens with the kept prompt, then differs.
    const prompt = [...range(0, 20), 500, 501];
    expect(await cache.restore(second, prompt)).toBe(20);
    expect(second.tokens).toEqual(range(0, 20));
    expect(copies).toEqual(["gen0→cache0:30", "cache0→gen1:20"]);
  });

  it("copies nothing when the sequence holds almost as much itself, or a kept copy already holds the prompt", async () => {
    const { cache, copies } = setUp(2, 4);
    await cache.keep(new FakeSequence("gen0", range(0, 30)), range(0, 30));
    const own = new FakeSequence("gen1", range(0, 27));
    expect(await cache.restore(own, range(0, 30))).toBe(27);
    // The same prompt again: already kept, not copied a second time.
    await cache.keep(new FakeSequence("gen2", range(0, 40)), range(0, 30));
    expect(copies).toEqual(["gen0→cache0:30"]);
  });

  it("replaces the least recently used kept prompt", async () => {
    const { cache, slots } = setUp(2);
    const prompt = (offset: number) => range(offset, offset + 20);
    await cache.keep(new FakeSequence("a", prompt(0)), prompt(0));
    await cache.keep(new FakeSequence("b", prompt(100)), prompt(100));
    // Reading prompt 0 makes prompt 100 the least recently used.
    await cache.restore(new FakeSequence("c"), prompt(0));
    await cache.keep(new FakeSequence("d", prompt(200)), prompt(200));
    expect(slots.map((slot) => slot.tokens[0])).toEqual([0, 200]);
  });

  it("never reads an entry whose copy failed or is in progress", async () => {
    let release: (() => void) | undefined;
    const slot = new FakeSequence("cache0");
    const cache = createPromptCache(
      [slot],
      async (target: FakeSequence, source: FakeSequence, upTo: number) => {
        if (target === slot) {
          target.tokens = source.tokens.slice(0, upTo);
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return false;
        }
        target.tokens = source.tokens.slice(0, upTo);
        return true;
      },
    );
    const keeping = cache.keep(new FakeSequence("gen0", range(0, 30)), range(0, 30));
    const reader = new FakeSequence("gen1");
    expect(await cache.restore(reader, range(0, 30))).toBe(0);
    release?.();
    await keeping;
    expect(await cache.restore(reader, range(0, 30))).toBe(0);
    expect(reader.tokens).toEqual([]);
  });
});
