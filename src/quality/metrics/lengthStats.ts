/** Summary of a list of lengths, with a histogram for the report. */
export interface LengthStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p5: number;
  p95: number;
  /** Equal-width bins from 0 up to the 99th percentile; the last bin also holds anything longer. */
  histogram: { from: number; to: number; count: number }[];
}

/** Length in Unicode code points (a surrogate pair counts once). */
export function countCharacters(text: string): number {
  let count = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff) count -= 1;
  }
  return count;
}

function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * share;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Min, max, mean, median, 5th/95th percentiles and a histogram of `bins` bins. */
export function lengthStats(lengths: readonly number[], bins = 20): LengthStats {
  const sorted = Float64Array.from(lengths).sort();
  const count = sorted.length;
  if (count === 0) return { count, min: 0, max: 0, mean: 0, median: 0, p5: 0, p95: 0, histogram: [] };
  const mean = sorted.reduce((sum, value) => sum + value, 0) / count;
  const top = Math.max(1, Math.ceil(percentile(sorted, 0.99)));
  const width = Math.max(1, Math.ceil(top / bins));
  const binCount = Math.ceil((top + 1) / width);
  const histogram = Array.from({ length: binCount }, (_, index) => ({
    from: index * width,
    to: (index + 1) * width,
    count: 0,
  }));
  for (const value of sorted) histogram[Math.min(binCount - 1, Math.floor(value / width))]!.count += 1;
  return {
    count,
    min: sorted[0]!,
    max: sorted[count - 1]!,
    mean,
    median: percentile(sorted, 0.5),
    p5: percentile(sorted, 0.05),
    p95: percentile(sorted, 0.95),
    histogram,
  };
}
