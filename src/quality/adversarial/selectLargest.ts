/**
 * The `count` indexes in [0, length) with the largest score, largest first, ties broken by the
 * smaller index: the same list as sorting every index (stably) by descending score and taking
 * the first `count`, in O(length · count) worst case and about O(length) for small counts.
 * Indexes for which `include` is false are left out. Scores must not be NaN.
 */
export function selectLargest(
  length: number,
  score: (index: number) => number,
  count: number,
  include: (index: number) => boolean = () => true,
): number[] {
  const best: number[] = [];
  const scores: number[] = [];
  if (count <= 0) return best;
  for (let index = 0; index < length; index += 1) {
    if (!include(index)) continue;
    const value = score(index);
    // Visited in increasing order, so an equal score ranks after those already kept.
    if (best.length === count && value <= scores[count - 1]!) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && scores[at - 1]! < value) at -= 1;
    best.splice(at, 0, index);
    scores.splice(at, 0, value);
    if (best.length > count) {
      best.pop();
      scores.pop();
    }
  }
  return best;
}
