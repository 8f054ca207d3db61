import type { TopLevelSpec } from "vega-lite";
import type { DimensionBalance } from "../../quality/metrics/balance.js";

/**
 * Share of records per value, accepted data against the plan (or against the reference
 * corpus's labels when there is no plan), as grouped horizontal bars.
 */
export function balanceChart(
  balance: DimensionBalance,
  comparison?: { name: string; shares: Map<string, number> },
): TopLevelSpec | undefined {
  if (balance.values.length === 0) return undefined;
  const values = balance.values.flatMap((entry) => [
    { value: entry.value, series: "accepted", share: entry.actualShare, count: entry.actual },
    ...(entry.plannedShare === undefined
      ? []
      : [{ value: entry.value, series: "plan", share: entry.plannedShare, count: entry.planned }]),
    ...(comparison && entry.plannedShare === undefined
      ? [
          {
            value: entry.value,
            series: comparison.name,
            share: comparison.shares.get(entry.value) ?? 0,
            count: null,
          },
        ]
      : []),
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: balance.dimension === "label" ? "Labels" : `Condition: ${balance.dimension}`,
    width: 320,
    data: { values },
    mark: { type: "bar", cornerRadiusEnd: 3 },
    encoding: {
      y: { field: "value", type: "nominal", title: null, sort: null },
      yOffset: { field: "series" },
      x: { field: "share", type: "quantitative", title: "share of records", axis: { format: ".0%" } },
      color: { field: "series", type: "nominal", title: null },
      tooltip: [
        { field: "value" },
        { field: "series" },
        { field: "share", format: ".1%" },
        { field: "count" },
      ],
    },
  };
}
