import type { TopLevelSpec } from "vega-lite";
import type { DiversityMetrics } from "../../quality/metrics/diversityMetrics.js";

/** Normalised entropy, distinct-1/2 and self-BLEU of the accepted data next to the reference corpus. */
export function diversityChart(
  generated: DiversityMetrics,
  reference: DiversityMetrics | undefined,
): TopLevelSpec {
  const rows = (series: string, metrics: DiversityMetrics) => [
    { series, metric: "normalised entropy", value: metrics.normalizedEntropy },
    { series, metric: "distinct-1", value: metrics.distinct1 },
    { series, metric: "distinct-2", value: metrics.distinct2 },
    { series, metric: "self-BLEU (lower is better)", value: metrics.selfBleu.value },
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Diversity",
    width: 320,
    data: { values: [...rows("accepted", generated), ...(reference ? rows("reference", reference) : [])] },
    mark: { type: "bar", cornerRadiusEnd: 3 },
    encoding: {
      y: { field: "metric", type: "nominal", title: null, sort: null },
      yOffset: { field: "series" },
      x: { field: "value", type: "quantitative", title: null, scale: { domain: [0, 1] } },
      color: { field: "series", type: "nominal", title: null },
      tooltip: [{ field: "series" }, { field: "metric" }, { field: "value", format: ".3f" }],
    },
  };
}

/** Entropy in bits, accepted data and reference, with the gate's threshold as a rule. */
export function entropyChart(
  generated: DiversityMetrics,
  reference: DiversityMetrics | undefined,
  threshold: number | undefined,
): TopLevelSpec {
  const values = [
    { series: "accepted", value: generated.entropy },
    ...(reference ? [{ series: "reference", value: reference.entropy }] : []),
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Shannon entropy (bits)",
    width: 320,
    height: reference ? 70 : 40,
    layer: [
      {
        data: { values },
        mark: { type: "bar", cornerRadiusEnd: 3 },
        encoding: {
          y: { field: "series", type: "nominal", title: null },
          x: { field: "value", type: "quantitative", title: "bits" },
          color: { field: "series", type: "nominal", legend: null },
          tooltip: [{ field: "series" }, { field: "value", format: ".3f" }],
        },
      },
      ...(threshold === undefined
        ? []
        : [
            {
              data: { values: [{ threshold }] },
              mark: { type: "rule" as const, color: "#ef4444", strokeDash: [4, 3], strokeWidth: 2 },
              encoding: { x: { field: "threshold", type: "quantitative" as const } },
            },
          ]),
    ],
  };
}
