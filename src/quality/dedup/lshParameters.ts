/** Bands × rows of an LSH index over MinHash signatures. */
export interface LshParameters {
  bands: number;
  rows: number;
}

function integrate(f: (s: number) => number, from: number, to: number): number {
  const steps = 200;
  const width = (to - from) / steps;
  let sum = f(from) + f(to);
  for (let step = 1; step < steps; step += 1) sum += f(from + step * width) * (step % 2 === 1 ? 4 : 2);
  return (sum * width) / 3;
}

/**
 * Bands and rows (bands × rows ≤ permutations) minimising the weighted sum of the false-positive
 * and false-negative areas under the S-curve 1 − (1 − s^r)^b around the threshold: the same
 * search as datasketch's `MinHashLSH` (weights 0.5/0.5), so both index the same way.
 */
const cache = new Map<string, LshParameters>();

export function lshParameters(
  threshold: number,
  permutations: number,
  weights = { falsePositive: 0.5, falseNegative: 0.5 },
): LshParameters {
  const key = `${threshold}:${permutations}:${weights.falsePositive}:${weights.falseNegative}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let best: LshParameters = { bands: 1, rows: permutations };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= permutations; bands += 1) {
    for (let rows = 1; rows <= Math.floor(permutations / bands); rows += 1) {
      const falsePositive = integrate((s) => 1 - (1 - s ** rows) ** bands, 0, threshold);
      const falseNegative = integrate((s) => 1 - (1 - (1 - s ** rows) ** bands), threshold, 1);
      const error = falsePositive * weights.falsePositive + falseNegative * weights.falseNegative;
      if (error < bestError) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  cache.set(key, best);
  return best;
}
