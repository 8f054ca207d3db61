import type { LlamaContextSequence, Token, Tokenizer } from "node-llama-cpp";
import { createRandom } from "../../core/random.js";

/**
 * The first token of each choice, as the model would write it at the start of its answer
 * (with and without a leading space); undefined when two choices start with the same token,
 * so the first token alone cannot tell them apart.
 */
export function firstTokens(
  choices: readonly string[],
  tokenizer: Tokenizer,
): Map<Token, number> | undefined {
  const owner = new Map<Token, number>();
  for (const [index, choice] of choices.entries()) {
    const capitalized = choice.charAt(0).toUpperCase() + choice.slice(1);
    for (const written of new Set([choice, ` ${choice}`, capitalized, ` ${capitalized}`])) {
      const token = tokenizer(written, false)[0];
      if (token === undefined) return undefined;
      const other = owner.get(token);
      if (other !== undefined && other !== index) return undefined;
      owner.set(token, index);
    }
  }
  return owner;
}

/**
 * Evaluates `prompt` on `sequence` (reusing the part of it the sequence already holds) and reads
 * the next-token distribution once: each choice's probability is the mass of its first tokens,
 * renormalised over the choices, then sharpened by `temperature` (0: the most likely choice).
 * Each seed draws one pick from that distribution, so k seeds are k independent annotations
 * that cost one evaluation of the prompt and no decoding.
 */
export async function chooseAmong(
  sequence: LlamaContextSequence,
  prompt: readonly Token[],
  owners: Map<Token, number>,
  choices: readonly string[],
  options: { temperature: number; seeds: readonly number[] },
): Promise<{ picks: string[]; probabilities: Record<string, number>; covered: number; evaluated: number }> {
  const { firstDifferentIndex } = sequence.compareContextTokens([...prompt]);
  // At least the last prompt token is evaluated again: its output is the distribution wanted.
  const keep = Math.min(firstDifferentIndex, prompt.length - 1);
  if (keep < sequence.nextTokenIndex) {
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  }
  const rest = prompt.slice(keep);
  const evaluation = sequence.evaluateWithMetadata(
    rest,
    { probabilities: true },
    { temperature: 1, topK: 0, topP: 1 },
  );
  const first = await evaluation.next();
  await evaluation.return();
  const distribution = first.done ? undefined : first.value.probabilities;
  const mass = choices.map(() => 0);
  for (const [token, index] of owners) mass[index]! += distribution?.get(token) ?? 0;
  const total = mass.reduce((sum, value) => sum + value, 0);
  const base = total > 0 ? mass.map((value) => value / total) : mass.map(() => 1 / choices.length);
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
    covered: total,
    evaluated: rest.length,
  };
}

/** p^(1/T), renormalised; at T = 0 all mass goes to the most likely choice (the first on a tie). */
function sharpen(probabilities: number[], temperature: number): number[] {
  if (temperature <= 0) {
    const best = probabilities.indexOf(Math.max(...probabilities));
    return probabilities.map((_, index) => (index === best ? 1 : 0));
  }
  const powered = probabilities.map((value) => value ** (1 / temperature));
  const total = powered.reduce((sum, value) => sum + value, 0);
  return powered.map((value) => value / total);
}
