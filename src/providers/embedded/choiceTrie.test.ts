import { describe, expect, it } from "vitest";
import { buildChoiceTrie, type NextTokenProbabilities, oneAtATime, scoreChoiceTrie } from "./choiceTrie.js";

type Next = Parameters<typeof oneAtATime>[0];

// A toy tokenizer: one token per underscore-separated piece (the separator kept on the next
// piece), as a BPE tokenizer splits `card_arrival` into `card`, `_arrival`.
const vocabulary = new Map<string, number>();
const tokenize = (text: string) =>
  text.split(/(?=_)/).map((piece) => {
    if (!vocabulary.has(piece)) vocabulary.set(piece, vocabulary.size + 1);
    return vocabulary.get(piece)!;
  });
const token = (piece: string) => vocabulary.get(piece)!;

/** A model that answers `wanted`: at each step it gives `confidence` to that answer's next piece. */
function modelAnswering(wanted: string, confidence = 0.9) {
  const calls: number[][] = [];
  const single: Next = async (path, candidates) => {
    calls.push([...path]);
    const tokens = tokenize(wanted);
    const onPath = path.every((value, index) => tokens[index] === value);
    const wantedNext = onPath ? tokens[path.length] : undefined;
    const rest = (1 - confidence) / Math.max(1, candidates.length);
    return new Map(candidates.map((candidate) => [candidate, candidate === wantedNext ? confidence : rest]));
  };
  const next: NextTokenProbabilities = oneAtATime(single);
  return { next, single, calls };
}

describe("scoreChoiceTrie", () => {
  const choices = [
    "card_arrival",
    "card_delivery_estimate",
    "card_not_working",
    "top_up_failed",
    "top_up_limits",
  ];

  it("tells apart labels that share their first token, which the first token alone cannot", async () => {
    const trie = buildChoiceTrie(choices, tokenize)!;
    for (const wanted of choices) {
      const { next } = modelAnswering(wanted);
      const score = await scoreChoiceTrie(trie, choices.length, next);
      const best = score.probabilities.indexOf(Math.max(...score.probabilities));
      expect(choices[best]).toBe(wanted);
      expect(score.probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 9);
    }
  });

  it("asks the model only where choices part ways: a label's own tail costs nothing", async () => {
    const trie = buildChoiceTrie(choices, tokenize)!;
    const { next, calls } = modelAnswering("card_delivery_estimate", 0.999);
    const score = await scoreChoiceTrie(trie, choices.length, next);
    // The root, and `card` (arrival / delivery / not): `_delivery` → `_estimate` has one way on,
    // and `top` and `card_arrival`-like branches hold under 1% each.
    expect(calls).toEqual([[], [token("card")]]);
    expect(score.evaluations).toBe(2);
    expect(score.probabilities[1]).toBeGreaterThan(0.99);
  });

  it("is the product of the renormalised conditional probabilities along each label", async () => {
    const trie = buildChoiceTrie(["a_x", "a_y", "b"], tokenize)!;
    const table: Record<string, Record<string, number>> = {
      "": { a: 0.3, A: 0, b: 0.1, B: 0 },
      a: { _x: 0.2, _y: 0.6 },
    };
    const next: Next = async (path, candidates) => {
      const key = path.map((value) => [...vocabulary].find(([, id]) => id === value)![0]).join("");
      return new Map(
        candidates.map((candidate) => [
          candidate,
          table[key]?.[[...vocabulary].find(([, id]) => id === candidate)![0]] ?? 0,
        ]),
      );
    };
    const score = await scoreChoiceTrie(trie, 3, oneAtATime(next), { minMass: 0 });
    // Root: a 0.75, b 0.25; under a: _x 0.25, _y 0.75.
    expect(score.probabilities[0]).toBeCloseTo(0.75 * 0.25, 9);
    expect(score.probabilities[1]).toBeCloseTo(0.75 * 0.75, 9);
    expect(score.probabilities[2]).toBeCloseTo(0.25, 9);
    expect(score.covered).toBeCloseTo(0.4, 9);
  });

  it("gives a label that is a prefix of another the probability of stopping there", async () => {
    const trie = buildChoiceTrie(["pin", "pin_blocked"], tokenize)!;
    const stopping: Next = async (path, candidates) =>
      new Map(candidates.map((candidate) => [candidate, path.length === 0 ? 0.5 : 0.1]));
    const score = await scoreChoiceTrie(trie, 2, oneAtATime(stopping), { minMass: 0 });
    // After `pin`, only 0.1 goes on to `_blocked`: 0.9 stops at `pin`.
    expect(score.probabilities[0]).toBeCloseTo(0.9, 9);
    expect(score.probabilities[1]).toBeCloseTo(0.1, 9);
  });

  it("stops at maxEvaluations and spreads what is left evenly over the labels below", async () => {
    const many = Array.from({ length: 40 }, (_, index) => `group${index % 4}_item${index}`);
    const trie = buildChoiceTrie(many, tokenize)!;
    const flat: Next = async (_path, candidates) =>
      new Map(candidates.map((candidate) => [candidate, 1 / candidates.length]));
    const score = await scoreChoiceTrie(trie, many.length, oneAtATime(flat), { maxEvaluations: 1 });
    expect(score.evaluations).toBe(1);
    for (const probability of score.probabilities) expect(probability).toBeCloseTo(1 / 40, 9);
  });

  it("counts a capitalised answer for its label", async () => {
    const trie = buildChoiceTrie(["positive", "negative"], tokenize)!;
    const capital: Next = async (_path, candidates) =>
      new Map(candidates.map((candidate) => [candidate, candidate === token("Negative") ? 0.8 : 0.05]));
    const score = await scoreChoiceTrie(trie, 2, oneAtATime(capital));
    expect(score.probabilities[1]).toBeCloseTo(0.85 / 0.95, 9);
  });

  it("expands the most probable nodes together in batches: fewer evaluations, the same probabilities", async () => {
    const many = Array.from({ length: 40 }, (_, index) => `group${index % 4}_item${index % 7}_end${index}`);
    const trie = buildChoiceTrie(many, tokenize)!;
    // An unsure model: every branch gets a share, more to lower token ids.
    const unsure: Next = async (_path, candidates) =>
      new Map(candidates.map((candidate) => [candidate, 1 / (1 + (candidate % 5))]));
    const batches: number[] = [];
    const batched: NextTokenProbabilities = async (requests) => {
      batches.push(requests.length);
      return oneAtATime(unsure)(requests);
    };
    const one = await scoreChoiceTrie(trie, many.length, oneAtATime(unsure), {
      minMass: 0,
      maxEvaluations: 100,
    });
    const four = await scoreChoiceTrie(trie, many.length, batched, {
      minMass: 0,
      maxEvaluations: 100,
      width: 4,
    });
    expect(four.expanded).toBe(one.expanded);
    expect(four.evaluations).toBeLessThan(one.evaluations / 2);
    expect(Math.max(...batches)).toBe(4);
    for (const [index, probability] of one.probabilities.entries()) {
      expect(four.probabilities[index]).toBeCloseTo(probability, 12);
    }
  });

  it("with a budget, spends a batch on the nodes holding the most probability", async () => {
    const trie = buildChoiceTrie(choices, tokenize)!;
    const { next, calls } = modelAnswering("top_up_limits", 0.9);
    const score = await scoreChoiceTrie(trie, choices.length, next, { width: 2, maxEvaluations: 2 });
    // Root, then `top_up` (0.9) and `card` (the rest) together; no third evaluation.
    expect(score.evaluations).toBe(2);
    expect(calls).toHaveLength(3);
    const best = score.probabilities.indexOf(Math.max(...score.probabilities));
    expect(choices[best]).toBe("top_up_limits");
  });

  it("has no trie when a choice has no tokens", () => {
    expect(buildChoiceTrie(["a", ""], (text) => (text === "" ? [] : [1]))).toBeUndefined();
  });
});
