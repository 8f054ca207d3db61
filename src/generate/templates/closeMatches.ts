/**
 * The candidates closest to `wanted` by edit distance (and shared dash-separated parts),
 * best first; at most `limit`. Used to suggest ids for a misspelt template id.
 */
export function closeMatches(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const wantedParts = new Set(wanted.toLowerCase().split(/[-_./\s]+/));
  return candidates
    .map((candidate) => {
      const parts = candidate.split("-");
      const shared = parts.filter((part) => wantedParts.has(part)).length;
      return { candidate, score: editDistance(wanted.toLowerCase(), candidate) - 2 * shared };
    })
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
