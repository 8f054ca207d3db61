import type { TopLevelSpec } from "vega-lite";
import type { LengthStats } from "../../quality/metrics/lengthStats.js";

/** Length histograms (share of records per bin) of the accepted data and the reference, overlaid. */
export function lengthChart(
  unit: string,
  generated: LengthStats,
  reference: LengthStats | undefined,
): TopLevelSpec | undefined {
  if (generated.count === 0) return undefined;
  const rows = (series: string, stats: LengthStats) =>
    stats.histogram.map((bin) => ({
      series,
      from: bin.from,
      to: bin.to,
      share: stats.count > 0 ? bin.count / stats.count : 0,
    }));
  const values = [...rows("accepted", generated), ...(reference ? rows("reference", reference) : [])];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Length in ${unit}`,
    width: 320,
    height: 180,
    data: { values },
    mark: { type: "rect", opacity: 0.6, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "from", type: "quantitative", title: unit },
      x2: { field: "to" },
      y: {
        field: "share",
        type: "quantitative",
        title: "share of records",
        axis: { format: ".0%" },
        stack: null,
      },
      color: { field: "series", type: "nominal", title: null },
      tooltip: [{ field: "series" }, { field: "from" }, { field: "to" }, { field: "share", format: ".1%" }],
    },
  };
}
