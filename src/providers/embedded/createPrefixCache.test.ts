import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { commonPrefixLength, createPrefixCache } from "./createPrefixCache.js";

/** A sequence of token ids only: what it evaluated, what it was given, what it copied. */
function fakeSequence(name: string, log: string[]) {
  const sequence = {
    tokens: [] as number[],
    get contextTokens() {
      return sequence.tokens as Token[];
    },
    get nextTokenIndex() {
      return sequence.tokens.length;
    },
    compareContextTokens(tokens: Token[]) {
      return { firstDifferentIndex: commonPrefixLength(sequence.tokens as Token[], tokens) };
    },
    async eraseContextTokenRanges(ranges: { start: number; end: number }[]) {
      sequence.tokens = sequence.tokens.slice(0, ranges[0]!.start);
    },
    async evaluateWithoutGeneratingNewTokens(tokens: Token[]) {
      log.push(`${name} evaluates ${tokens.length}`);
      sequence.tokens.push(...tokens);
    },
    async _copyStateFromOtherSequence(other: { tokens: number[] }, upTo: number) {
      log.push(`${name} copies ${upTo}`);
      sequence.tokens = other.tokens.slice(0, upTo);
      return true;
    },
    async clearHistory() {
      sequence.tokens = [];
    },
  };
  return sequence;
}
const asSequence = (sequence: ReturnType<typeof fakeSequence>) => sequence as unknown as LlamaContextSequence;
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => (from + index) as Token);

describe("createPrefixCache", () => {
  it("evaluates a start two prompts share once on a holder, and copies it into every later sequence", async () => {
    const log: string[] = [];
    const holders = [fakeSequence("h0", log), fakeSequence("h1", log)];
    const cache = createPrefixCache(holders.map(asSequence), { minimumGain: 4 });
    const system = range(0, 30);
    const first = [...system, ...range(100, 120)];
    const second = [...system, ...range(200, 220)];
    const a = fakeSequence("a", log);
    const b = fakeSequence("b", log);
    expect(await cache.prepare(asSequence(a), first)).toEqual({ copied: 0, evaluated: 0 });
    // The second prompt shares the system prompt with the first: a holder evaluates it for it.
    expect(await cache.prepare(asSequence(b), second)).toEqual({ copied: 30, evaluated: 30 });
    expect(log).toEqual(["h0 evaluates 30", "b copies 30"]);
    // A third sequence gets it as a copy, no evaluation.
    const c = fakeSequence("c", log);
    expect(await cache.prepare(asSequence(c), [...system, 7 as Token, 8 as Token])).toEqual({
      copied: 30,
      evaluated: 0,
    });
  });

  it("takes no copy that gains less than the minimum over what the sequence holds itself", async () => {
    const log: string[] = [];
    const cache = createPrefixCache([asSequence(fakeSequence("h0", log))], { minimumGain: 8 });
    const a = fakeSequence("a", log);
    a.tokens = range(0, 40);
    await cache.prepare(asSequence(fakeSequence("x", log)), [...range(0, 42), 99 as Token]);
    log.length = 0;
    expect(await cache.prepare(asSequence(a), [...range(0, 42), 98 as Token])).toEqual({
      copied: 0,
      evaluated: 0,
    });
    expect(log).toEqual([]);
  });

  it("keeps one start per holder, replacing the least recently used one", async () => {
    const log: string[] = [];
    const holders = [fakeSequence("h0", log), fakeSequence("h1", log)];
    const cache = createPrefixCache(holders.map(asSequence), { minimumGain: 4 });
    const phrasing = (base: number) => [...range(0, 10), ...range(base, base + 20)];
    for (const base of [100, 100, 200, 200]) {
      await cache.prepare(asSequence(fakeSequence("s", log)), [...phrasing(base), (base + 50) as Token]);
    }
    // h0 holds the system prompt extended by phrasing 100; phrasing 200 went to h1.
    expect(holders[0]!.tokens).toEqual(phrasing(100));
    expect(holders[1]!.tokens).toEqual(phrasing(200));
    log.length = 0;
    expect(
      await cache.prepare(asSequence(fakeSequence("t", log)), [...phrasing(100), 1 as Token, 2 as Token]),
    ).toEqual({ copied: 30, evaluated: 0 });
  });

  it("never hands over the prompt's last token, whose logits the sequence needs", async () => {
    const log: string[] = [];
    const cache = createPrefixCache([asSequence(fakeSequence("h0", log))], { minimumGain: 4 });
    const prompt = range(0, 20);
    await cache.prepare(asSequence(fakeSequence("a", log)), prompt);
    expect(await cache.prepare(asSequence(fakeSequence("b", log)), prompt)).toEqual({
      copied: 19,
      evaluated: 19,
    });
  });
});
