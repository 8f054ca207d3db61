import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { drawChoices } from "../../core/stats/drawChoices.js";
import {
  type ChoiceTrieNode,
  scoreChoiceTrie,
  type TrieRequest,
  type TrieScoringOptions,
} from "./choiceTrie.js";
import { copySequenceState } from "./copySequenceState.js";

/** What one {@link chooseAmong} call found and spent. */
export interface ChosenAmong {
  picks: string[];
  probabilities: Record<string, number>;
  /** Share of the first-token probability on the choices' first tokens. */
  covered: number;
  /** Tokens evaluated: the part of the prompt the sequence did not hold, and the trie's branch tokens. */
  evaluated: number;
  /** Model evaluations: the prompt's, and one per batch of branching trie nodes. */
  evaluations: number;
  /** Milliseconds spent evaluating the prompt (its part the sequence did not hold) and then the trie. */
  promptMs: number;
  trieMs: number;
}

/**
 * Scores every choice's whole token sequence after `prompt`, and draws one pick per seed from
 * that distribution, sharpened by `temperature` (0: the most likely choice).
 *
 * `sequences[0]` keeps what it evaluated: the part of `prompt` it already holds (the label list
 * and instructions, the same for every row) is not evaluated again, only the row's text after
 * it. That first evaluation reads the distribution of the first answer token; the choices' trie
 * (`choiceTrie`) then asks for one more distribution only at nodes where choices part ways and
 * enough probability remains. The nodes of one step are evaluated together, one per sequence:
 * the other sequences take a copy of the prompt's state (no evaluation) and each evaluates the
 * few tokens of its node's path, all in one batch of the context. So k votes cost one
 * evaluation of the row's text and a few small batches, however many labels there are.
 */
export async function chooseAmong(
  sequences: readonly LlamaContextSequence[],
  prompt: readonly Token[],
  trie: ChoiceTrieNode,
  choices: readonly string[],
  options: { temperature: number; seeds: readonly number[] } & TrieScoringOptions,
): Promise<ChosenAmong> {
  const main = sequences[0]!;
  let evaluated = 0;
  let promptMs = 0;
  let trieMs = 0;
  /** Evaluates `path` after the prompt on `sequence`, which holds at least the prompt's start. */
  const evaluate = async (
    sequence: LlamaContextSequence,
    path: readonly number[],
    candidates: readonly number[],
  ) => {
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
  /** Whether `sequence` holds the whole prompt: copied from the main sequence once per call. */
  const holding = new Set<LlamaContextSequence>([main]);
  const hold = async (sequence: LlamaContextSequence): Promise<boolean> => {
    if (holding.has(sequence)) return true;
    const copied = await copySequenceState(sequence, main, prompt.length);
    if (copied) holding.add(sequence);
    return copied;
  };
  const next = async (requests: readonly TrieRequest[]) => {
    const started = performance.now();
    const answers: Map<number, number>[] = [];
    if (sequences.length === 1) {
      for (const request of requests) answers.push(await evaluate(main, request.path, request.candidates));
    } else {
      // Each node goes to the sequence that already holds the longest start of its path (the
      // one that evaluated its parent holds all of it but its last token), and the others to
      // copies of the prompt's state. llama.cpp splits a batch over sequences into steps of an
      // equal number of tokens from each, so a batch costs about as many passes over the
      // weights as its longest new stretch of tokens: one, where every node's parent was
      // evaluated on its sequence. Copies first (the main sequence must hold the prompt and
      // nothing past what is erased), then every node at once: the context batches evaluations
      // queued together.
      const assigned: (LlamaContextSequence | undefined)[] = requests.map(() => undefined);
      const pairs: { request: number; sequence: LlamaContextSequence; held: number }[] = [];
      for (const [request, { path }] of requests.entries()) {
        for (const sequence of sequences) {
          if (!holding.has(sequence)) continue;
          const { firstDifferentIndex } = sequence.compareContextTokens([...prompt, ...(path as Token[])]);
          pairs.push({ request, sequence, held: firstDifferentIndex });
        }
      }
      pairs.sort((a, b) => b.held - a.held);
      const taken = new Set<LlamaContextSequence>();
      for (const { request, sequence } of pairs) {
        if (assigned[request] !== undefined || taken.has(sequence)) continue;
        assigned[request] = sequence;
        taken.add(sequence);
      }
      for (const [request] of requests.entries()) {
        if (assigned[request] !== undefined) continue;
        const sequence = sequences.find((candidate) => !taken.has(candidate));
        if (sequence === undefined) break;
        taken.add(sequence);
        if (await hold(sequence)) assigned[request] = sequence;
      }
      const parallel = requests.map((request, index) =>
        assigned[index] === undefined
          ? undefined
          : evaluate(assigned[index]!, request.path, request.candidates),
      );
      const settled = await Promise.all(parallel.map((promise) => promise ?? Promise.resolve(undefined)));
      for (const [index, request] of requests.entries()) {
        answers.push(settled[index] ?? (await evaluate(main, request.path, request.candidates)));
      }
    }
    const elapsed = performance.now() - started;
    if (requests.length === 1 && requests[0]!.path.length === 0) promptMs += elapsed;
    else trieMs += elapsed;
    return answers;
  };
  const score = await scoreChoiceTrie(trie, choices.length, next, {
    ...(options.minMass === undefined ? {} : { minMass: options.minMass }),
    ...(options.maxEvaluations === undefined ? {} : { maxEvaluations: options.maxEvaluations }),
    width: options.width ?? sequences.length,
  });
  const base = score.probabilities;
  const picks = drawChoices(choices, base, options.temperature, options.seeds);
  return {
    picks,
    probabilities: Object.fromEntries(choices.map((choice, index) => [choice, base[index]!])),
    covered: score.covered,
    evaluated,
    evaluations: score.evaluations,
    promptMs,
    trieMs,
  };
}
