import type { TopLevelSpec } from "vega-lite";

/** AUC of each fold and overall, against the gate's threshold and the 0.5 of indistinguishable data. */
export function adversarialChart(
  auc: number,
  foldAucs: readonly number[],
  threshold: number | undefined,
): TopLevelSpec {
  const values = [
    ...foldAucs.map((value, index) => ({ name: `fold ${index + 1}`, value, kind: "fold" })),
    { name: "overall", value: auc, kind: "overall" },
  ];
  const rules = [
    { x: 0.5, label: "0.5: indistinguishable", color: "#10b981" },
    ...(threshold === undefined ? [] : [{ x: threshold, label: `gate ≤ ${threshold}`, color: "#ef4444" }]),
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Real vs generated: ROC AUC (5-fold CV)",
    width: 320,
    layer: [
      {
        data: { values },
        mark: { type: "bar", cornerRadiusEnd: 3 },
        encoding: {
          y: { field: "name", type: "nominal", title: null, sort: null },
          x: { field: "value", type: "quantitative", title: "ROC AUC", scale: { domain: [0, 1] } },
          color: { field: "kind", type: "nominal", legend: null, scale: { range: ["#a5b4fc", "#4f46e5"] } },
          tooltip: [{ field: "name" }, { field: "value", format: ".3f" }],
        },
      },
      {
        data: { values: rules },
        mark: { type: "rule", strokeDash: [4, 3], strokeWidth: 2 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          color: { field: "color", type: "nominal", scale: null },
          tooltip: [{ field: "label" }],
        },
      },
    ],
  };
}
