import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { createRandom } from "../../core/stats/random.js";
import { type ChoiceTrieNode, scoreChoiceTrie, type TrieScoringOptions } from "./choiceTrie.js";

/** What one {@link chooseAmong} call found and spent. */
export interface ChosenAmong {
  picks: string[];
  probabilities: Record<string, number>;
  /** Share of the first-token probability on the choices' first tokens. */
  covered: number;
  /** Tokens evaluated: the part of the prompt the sequence did not hold, and the trie's branch tokens. */
  evaluated: number;
  /** Model evaluations (batches): the prompt's, and one per branching trie node expanded. */
  evaluations: number;
}

/**
 * Scores every choice's whole token sequence after `prompt` on `sequence`, and draws one pick
 * per seed from that distribution, sharpened by `temperature` (0: the most likely choice).
 *
 * The sequence keeps what it evaluated: the part of `prompt` it already holds (the label list
 * and instructions, the same for every row) is not evaluated again, only the row's text after
 * it. The first evaluation reads the distribution of the first answer token; the choices' trie
 * (`choiceTrie`) then asks for one more distribution only at each node where choices part ways
 * and enough probability remains, each an evaluation of the few tokens since the point the
 * sequence holds. So k votes cost one evaluation of the prompt, however many labels there are.
 */
export async function chooseAmong(
  sequence: LlamaContextSequence,
  prompt: readonly Token[],
  trie: ChoiceTrieNode,
  choices: readonly string[],
  options: { temperature: number; seeds: readonly number[] } & TrieScoringOptions,
): Promise<ChosenAmong> {
  let evaluated = 0;
  const next = async (path: readonly number[], candidates: readonly number[]) => {
    const target = [...prompt, ...(path as Token[])];
    const { firstDifferentIndex } = sequence.compareContextTokens(target);
    // At least the last token is evaluated again: its output is the distribution wanted.
    const keep = Math.min(firstDifferentIndex, target.length - 1);
    if (keep < sequence.nextTokenIndex) {
      await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
    }
    const rest = target.slice(keep);
    evaluated += rest.length;
    const last = rest.length - 1;
    const output = await sequence.controlledEvaluate(
      rest.map((token, index) =>
        index === last
          ? [
              token,
              {
                generateNext: {
                  logits: { filter: { tokens: candidates as Token[], includeMax: true } },
                  totalLogitWeight: true,
                  options: { temperature: 1, topK: 0, topP: 1, minP: 0 },
                },
              },
            ]
          : token,
      ),
    );
    const result = output[last]?.next;
    const logits = result?.logits;
    const weight = result?.totalLogitWeight;
    const probabilities = new Map<number, number>();
    if (logits === undefined || weight === undefined || weight <= 0) return probabilities;
    const max = Math.max(...logits.values());
    for (const token of candidates) {
      const logit = logits.get(token as Token);
      if (logit !== undefined) probabilities.set(token, Math.exp(logit - max) / weight);
    }
    return probabilities;
  };
  const score = await scoreChoiceTrie(trie, choices.length, next, {
    ...(options.minMass === undefined ? {} : { minMass: options.minMass }),
    ...(options.maxEvaluations === undefined ? {} : { maxEvaluations: options.maxEvaluations }),
  });
  const base = score.probabilities;
  const sharpened = sharpen(base, options.temperature);
  const picks = options.seeds.map((seed) => {
    const draw = createRandom(seed >>> 0)();
    let cumulative = 0;
    for (const [index, probability] of sharpened.entries()) {
      cumulative += probability;
      if (draw < cumulative) return choices[index]!;
    }
    return choices[sharpened.length - 1]!;
  });
  return {
    picks,
    probabilities: Object.fromEntries(choices.map((choice, index) => [choice, base[index]!])),
    covered: score.covered,
    evaluated,
    evaluations: score.evaluations,
  };
}

/** p^(1/T), renormalised; at T = 0 all mass goes to the most likely choice (the first on a tie). */
export function sharpen(probabilities: number[], temperature: number): number[] {
  if (temperature <= 0) {
    const best = probabilities.indexOf(Math.max(...probabilities));
    return probabilities.map((_, index) => (index === best ? 1 : 0));
  }
  const powered = probabilities.map((value) => value ** (1 / temperature));
  const total = powered.reduce((sum, value) => sum + value, 0);
  return powered.map((value) => value / total);
}
