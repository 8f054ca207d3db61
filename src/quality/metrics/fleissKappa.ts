/** Fleiss' kappa over items that each got the same number of votes, overall and per category. */
export interface FleissKappa {
  /** Items counted (those with exactly `raters` votes). */
  items: number;
  /** Votes per item. */
  raters: number;
  /** Mean observed agreement P̄: the share of agreeing vote pairs, averaged over items. */
  observed: number;
  /** Agreement expected by chance P̄e: Σ p_j² over the categories' vote shares. */
  expected: number;
  /** κ = (P̄ − P̄e) / (1 − P̄e); undefined when chance agreement is 1 (every vote the same category) or there are no items. */
  kappa: number | undefined;
  /** Per category: its share of all votes and κ_j (undefined when it got every vote or none). */
  categories: Record<string, { share: number; kappa: number | undefined }>;
}

/**
 * Fleiss' kappa (Fleiss 1971) for `items`, each a list of the categories its raters chose. Items
 * whose vote count differs from the most common count are left out (the statistic assumes a
 * fixed number of raters per item). `categories` lists every category, voted for or not.
 */
export function fleissKappa(
  items: readonly (readonly string[])[],
  categories: readonly string[],
): FleissKappa {
  const counts = new Map<number, number>();
  for (const votes of items) counts.set(votes.length, (counts.get(votes.length) ?? 0) + 1);
  const raters = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  const names = [...new Set([...categories, ...items.flat()])];
  const kept = raters < 2 ? [] : items.filter((votes) => votes.length === raters);
  const n = kept.length;
  const empty: FleissKappa = {
    items: n,
    raters,
    observed: 0,
    expected: 0,
    kappa: undefined,
    categories: Object.fromEntries(names.map((name) => [name, { share: 0, kappa: undefined }])),
  };
  if (n === 0) return empty;
  const table = kept.map((votes) => {
    const row = new Map<string, number>();
    for (const vote of votes) row.set(vote, (row.get(vote) ?? 0) + 1);
    return row;
  });
  const totals = new Map<string, number>();
  let observedSum = 0;
  for (const row of table) {
    let squares = 0;
    for (const [name, count] of row) {
      totals.set(name, (totals.get(name) ?? 0) + count);
      squares += count * count;
    }
    observedSum += (squares - raters) / (raters * (raters - 1));
  }
  const observed = observedSum / n;
  const share = (name: string) => (totals.get(name) ?? 0) / (n * raters);
  const expected = names.reduce((sum, name) => sum + share(name) ** 2, 0);
  const kappa = expected >= 1 ? undefined : (observed - expected) / (1 - expected);
  const perCategory = Object.fromEntries(
    names.map((name) => {
      const p = share(name);
      if (p <= 0 || p >= 1) return [name, { share: p, kappa: undefined }];
      const disagreement = table.reduce((sum, row) => {
        const count = row.get(name) ?? 0;
        return sum + count * (raters - count);
      }, 0);
      return [name, { share: p, kappa: 1 - disagreement / (n * raters * (raters - 1) * p * (1 - p)) }];
    }),
  );
  return { items: n, raters, observed, expected, kappa, categories: perCategory };
}
