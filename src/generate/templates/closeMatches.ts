import { editDistance } from "../../core/text/editDistance.js";

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
