/** How one control dimension (or the label) is spread, against the plan when there is one. */
export interface DimensionBalance {
  dimension: string;
  values: {
    value: string;
    /** Planned records with this value; undefined without a plan. */
    planned: number | undefined;
    actual: number;
    plannedShare: number | undefined;
    actualShare: number;
  }[];
  /** Largest |actual share − planned share| over the values; undefined without a plan. */
  maxShareGap: number | undefined;
}

/**
 * Compares actual value counts with planned ones. Values present on either side are listed,
 * planned values first in plan order.
 */
export function balance(
  dimension: string,
  actual: ReadonlyMap<string, number>,
  planned: ReadonlyMap<string, number> | undefined,
): DimensionBalance {
  const names = [...(planned?.keys() ?? []), ...[...actual.keys()].filter((name) => !planned?.has(name))];
  const actualTotal = [...actual.values()].reduce((sum, count) => sum + count, 0);
  const plannedTotal = planned ? [...planned.values()].reduce((sum, count) => sum + count, 0) : 0;
  const values = names.map((value) => {
    const actualCount = actual.get(value) ?? 0;
    const plannedCount = planned ? (planned.get(value) ?? 0) : undefined;
    return {
      value,
      planned: plannedCount,
      actual: actualCount,
      plannedShare:
        plannedCount === undefined ? undefined : plannedTotal > 0 ? plannedCount / plannedTotal : 0,
      actualShare: actualTotal > 0 ? actualCount / actualTotal : 0,
    };
  });
  const gaps = values.map((entry) =>
    entry.plannedShare === undefined ? 0 : Math.abs(entry.actualShare - entry.plannedShare),
  );
  return { dimension, values, maxShareGap: planned ? Math.max(0, ...gaps) : undefined };
}

/** Counts occurrences of each value. */
export function countValues(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
