import { createRandom, shuffle } from "../../core/stats/random.js";

/** Self-BLEU over a seeded sample (docs/metrics.md, "Diversity"). */
export interface SelfBleuResult {
  /** Mean BLEU-4 of each sampled text against all other sampled texts; lower is more diverse. */
  value: number;
  /** How many texts were sampled (each is scored against the other sampleSize − 1). */
  sampleSize: number;
}

interface NgramStats {
  max: number;
  second: number;
  owner: number;
}

const epsilon = 0.1;

function countNgrams(text: Int32Array, n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= text.length; start += 1) {
    const key = text.subarray(start, start + n).join(",");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * BLEU-4 (uniform weights, brevity penalty against the closest reference length, NLTK's
 * smoothing "method1": a zero match count becomes 0.1) of each sampled text with every other
 * sampled text as references; the clipping count for an n-gram is its largest count in any
 * other text, found in O(1) by keeping the two largest counts per n-gram.
 */
export function selfBleu(
  texts: readonly Int32Array[],
  options: { sampleSize?: number; seed?: number } = {},
): SelfBleuResult {
  const indexes = texts.map((_, index) => index);
  shuffle(indexes, createRandom(options.seed ?? 13));
  const sample = indexes.slice(0, options.sampleSize ?? 1000).map((index) => texts[index]!);
  if (sample.length < 2) return { value: 0, sampleSize: sample.length };

  const perOrder: { local: Map<string, number>[]; stats: Map<string, NgramStats> }[] = [];
  for (let n = 1; n <= 4; n += 1) {
    const local = sample.map((text) => countNgrams(text, n));
    const stats = new Map<string, NgramStats>();
    local.forEach((counts, owner) => {
      for (const [key, count] of counts) {
        const entry = stats.get(key);
        if (!entry) stats.set(key, { max: count, second: 0, owner });
        else if (count > entry.max) {
          entry.second = entry.max;
          entry.max = count;
          entry.owner = owner;
        } else if (count > entry.second) entry.second = count;
      }
    });
    perOrder.push({ local, stats });
  }
  const lengths = sample.map((text) => text.length);
  const sortedLengths = [...lengths].sort((a, b) => a - b);

  let sum = 0;
  sample.forEach((text, index) => {
    let logSum = 0;
    for (const { local, stats } of perOrder) {
      let matched = 0;
      let total = 0;
      for (const [key, count] of local[index]!) {
        const entry = stats.get(key)!;
        const clip = entry.owner === index ? entry.second : entry.max;
        matched += Math.min(count, clip);
        total += count;
      }
      const precision = matched > 0 ? matched / total : epsilon / Math.max(1, total);
      logSum += Math.log(precision) / 4;
    }
    const closest = closestOtherLength(sortedLengths, text.length);
    const hypothesisLength = text.length;
    const brevity =
      hypothesisLength === 0 ? 0 : hypothesisLength > closest ? 1 : Math.exp(1 - closest / hypothesisLength);
    sum += brevity * Math.exp(logSum);
  });
  return { value: sum / sample.length, sampleSize: sample.length };
}

/** Closest length among the other texts (the text's own length is removed once); ties go to the shorter. */
function closestOtherLength(sorted: number[], own: number): number {
  const withoutOwn = [...sorted];
  withoutOwn.splice(withoutOwn.indexOf(own), 1);
  let best = withoutOwn[0] ?? own;
  for (const length of withoutOwn) {
    const distance = Math.abs(length - own);
    const bestDistance = Math.abs(best - own);
    if (distance < bestDistance || (distance === bestDistance && length < best)) best = length;
  }
  return best;
}
