import type { TopLevelSpec } from "vega-lite";

/** A horizontal bar per category with its count (rejections by reason, PII hits by type). */
export function countsChart(
  title: string,
  counts: Record<string, number>,
  color = "#4f46e5",
): TopLevelSpec | undefined {
  const values = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count);
  if (values.length === 0) return undefined;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 320,
    data: { values },
    layer: [
      {
        mark: { type: "bar", color, cornerRadiusEnd: 3 },
        encoding: {
          y: { field: "category", type: "nominal", title: null, sort: null },
          x: { field: "count", type: "quantitative", title: "records" },
          tooltip: [{ field: "category" }, { field: "count" }],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, color: "#334155" },
        encoding: {
          y: { field: "category", type: "nominal", sort: null },
          x: { field: "count", type: "quantitative" },
          text: { field: "count" },
        },
      },
    ],
  };
}
