/** A proportion with its Wilson score interval. */
export interface ProportionInterval {
  value: number;
  lower: number;
  upper: number;
}

/**
 * Wilson score interval of `successes` out of `trials` (z = 1.959964 for 95%).
 * With no trials the interval is [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959963984540054): ProportionInterval {
  if (trials === 0) return { value: 0, lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const center = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { value: p, lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}

/**
 * Smallest sample with zero errors whose Wilson upper bound is at or under `threshold`:
 * the least a reviewer must check to certify an error rate ≤ threshold.
 */
export function minimumSampleToCertify(threshold: number): number {
  if (threshold <= 0) return Number.POSITIVE_INFINITY;
  let trials = 1;
  while (wilsonInterval(0, trials).upper > threshold) trials += 1;
  return trials;
}

/**
 * Reviews needed in all (not more) for the Wilson upper bound to reach `threshold` if errors
 * keep coming at the observed rate `wrong / reviewed`; `undefined` when that rate is at or over
 * the threshold (no number of reviews would certify it). With no errors seen it is
 * `minimumSampleToCertify(threshold)`.
 */
export function reviewsNeededAtRate(wrong: number, reviewed: number, threshold: number): number | undefined {
  const rate = reviewed === 0 ? 0 : wrong / reviewed;
  if (threshold <= 0 || rate >= threshold) return undefined;
  if (rate === 0) return minimumSampleToCertify(threshold);
  const upperAt = (trials: number) => wilsonInterval(rate * trials, trials).upper;
  let high = Math.max(1, reviewed);
  while (upperAt(high) > threshold) high *= 2;
  let low = 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (upperAt(middle) > threshold) low = middle + 1;
    else high = middle;
  }
  return low;
}
