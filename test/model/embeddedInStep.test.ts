// generate()'s sequences decode in step: four calls at once share each batch, where without the
// step barrier node-llama-cpp starts each next batch with whichever sequences have queued by then
// and the sequences fall out of step (measured on the 1.5B teacher: 2,146 of 2,539 batches of the
// README's main command held one sequence's token alone; bench/mainCommand/profile.ts). Counted
// on the real default model's real batches, not timed.
import type { LlamaContext } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { loadDefaultModel } from "../support/loadDefaultModel.js";

/** The number of sequences in each batch that only decoded (one token a sequence), as llama.cpp got them. */
function countBatches(context: LlamaContext): number[][] {
  const holder = context as unknown as { _ctx: Record<string | symbol, unknown> };
  const native = holder._ctx;
  const batches: number[][] = [];
  let pending: number[] = [];
  const call = (name: string, args: unknown[]) =>
    (native[name] as (...args: unknown[]) => unknown).apply(native, args);
  holder._ctx = new Proxy(native, {
    get(target, key) {
      if (key === "addToBatch")
        return (...args: unknown[]) => {
          pending.push((args[2] as ArrayLike<number>).length);
          return call("addToBatch", args);
        };
      if (key === "decodeBatch")
        return (...args: unknown[]) => {
          batches.push(pending);
          pending = [];
          return call("decodeBatch", args);
        };
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return batches;
}

const sampling = { temperature: 0.8, topP: 0.95, topK: 40, maxTokens: 24, seed: 7 };
const ask = (model: EmbeddedModel, index: number) =>
  model.generate({
    messages: [{ role: "user", content: `Write a long story about a cat called number ${index}.` }],
    sampling: { ...sampling, seed: sampling.seed + index },
  });

let model: EmbeddedModel;

beforeAll(async () => {
  model = await loadDefaultModel({ parallel: 4, contextSize: 512 });
});

afterAll(async () => {
  await model?.dispose();
});

describe("generate() on an embedded model", () => {
  it("decodes its parallel sequences in the same batches", async () => {
    const batches = countBatches(model.context);
    const results = await Promise.all([0, 1, 2, 3].map((index) => ask(model, index)));
    for (const result of results) expect(result.usage.outputTokens).toBeGreaterThan(4);
    const decoding = batches.filter((batch) => batch.length > 0 && batch.every((tokens) => tokens === 1));
    const tokens = decoding.reduce((sum, batch) => sum + batch.length, 0);
    // Four sequences of up to 24 tokens each: in step, about one batch a token of the longest.
    expect(tokens).toBeGreaterThan(40);
    // In step every such batch holds all four until one ends (4.0 here); out of step, 2.9.
    expect(tokens / decoding.length).toBeGreaterThan(3.5);
  });
});
