import type { TopLevelSpec } from "vega-lite";
import type { RoundTrendPoint } from "../../quality/QualityReport.js";

/** Metrics per round: one small line chart per metric, side by side. */
export function trendChart(trend: readonly RoundTrendPoint[]): TopLevelSpec | undefined {
  if (trend.length === 0) return undefined;
  const values = trend.flatMap((point) =>
    (
      [
        ["entropy (bits)", point.entropy],
        ["distinct-2", point.distinct2],
        ["duplicate rate", point.duplicateRate],
        ["adversarial AUC", point.adversarialAuc],
        ["domain-term ratio", point.domainTermRatio],
      ] as const
    ).flatMap(([metric, value]) => (value === undefined ? [] : [{ round: point.round, metric, value }])),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Trend across rounds",
    data: { values },
    facet: { field: "metric", type: "nominal", title: null, sort: null },
    columns: 5,
    spec: {
      width: 150,
      height: 110,
      mark: { type: "line", point: true, color: "#4f46e5" },
      encoding: {
        x: { field: "round", type: "ordinal", title: "round" },
        y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
        tooltip: [{ field: "metric" }, { field: "round" }, { field: "value", format: ".3f" }],
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}
