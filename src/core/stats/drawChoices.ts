import { createRandom } from "./random.js";

/** p^(1/T), renormalised; at T = 0 all mass goes to the most likely choice (the first on a tie). */
export function sharpen(probabilities: readonly number[], temperature: number): number[] {
  if (temperature <= 0) {
    const best = probabilities.indexOf(Math.max(...probabilities));
    return probabilities.map((_, index) => (index === best ? 1 : 0));
  }
  const powered = probabilities.map((value) => value ** (1 / temperature));
  const total = powered.reduce((sum, value) => sum + value, 0);
  return powered.map((value) => value / total);
}

/**
 * One pick per seed from `probabilities` (in the order of `choices`) sharpened by
 * `temperature`: each seed's first random number walks the cumulative distribution, so the same
 * seeds and distribution give the same picks.
 */
export function drawChoices(
  choices: readonly string[],
  probabilities: readonly number[],
  temperature: number,
  seeds: readonly number[],
): string[] {
  const sharpened = sharpen(probabilities, temperature);
  return seeds.map((seed) => {
    const draw = createRandom(seed >>> 0)();
    let cumulative = 0;
    for (const [index, probability] of sharpened.entries()) {
      cumulative += probability;
      if (draw < cumulative) return choices[index]!;
    }
    return choices[sharpened.length - 1]!;
  });
}
