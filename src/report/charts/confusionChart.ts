import type { TopLevelSpec } from "vega-lite";

/** One model's confusion matrix (rows: true label, columns: predicted label). */
export interface NamedConfusion {
  model: string;
  labels: readonly string[];
  matrix: readonly (readonly number[])[];
}

/**
 * The confusion matrices of several models on one data set as heatmaps side by side: cells
 * coloured by their share of the true label's examples (so rows of different sizes compare),
 * each with its count.
 */
export function confusionChart(
  title: string,
  confusions: readonly NamedConfusion[],
): TopLevelSpec | undefined {
  const usable = confusions.filter((confusion) => confusion.labels.length > 0);
  if (usable.length === 0) return undefined;
  const labels = [...new Set(usable.flatMap((confusion) => confusion.labels))];
  const values = usable.flatMap((confusion) =>
    confusion.labels.flatMap((actual, row) => {
      const counts = confusion.matrix[row] ?? [];
      const total = counts.reduce((sum, count) => sum + count, 0);
      return confusion.labels.map((predicted, column) => {
        const count = counts[column] ?? 0;
        return { model: confusion.model, actual, predicted, count, share: total > 0 ? count / total : 0 };
      });
    }),
  );
  const side = Math.max(150, Math.min(420, labels.length * 48));
  // Labels that would run into each other under their columns are slanted.
  const longest = Math.max(...labels.map((label) => label.length));
  const x = {
    field: "predicted",
    type: "nominal",
    title: "predicted",
    sort: labels,
    axis: { labelAngle: longest * 7 > side / labels.length ? -35 : 0 },
  } as const;
  const y = { field: "actual", type: "nominal", title: "true label", sort: labels } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values },
    facet: {
      column: {
        field: "model",
        type: "nominal",
        title: null,
        sort: usable.map((confusion) => confusion.model),
        header: { labelFontSize: 12, labelColor: "#334155" },
      },
    },
    spec: {
      width: side,
      height: side,
      layer: [
        {
          mark: { type: "rect", stroke: "white", strokeWidth: 1 },
          encoding: {
            x,
            y,
            color: {
              field: "share",
              type: "quantitative",
              title: "share of true label",
              scale: { domain: [0, 1], range: ["#eef2ff", "#312e81"] },
              legend: { format: ".0%" },
            },
            tooltip: [
              { field: "model" },
              { field: "actual" },
              { field: "predicted" },
              { field: "count" },
              { field: "share", format: ".1%" },
            ],
          },
        },
        {
          mark: { type: "text", fontSize: 12 },
          encoding: {
            x,
            y,
            text: { field: "count", type: "quantitative" },
            color: { condition: { test: "datum.share > 0.55", value: "white" }, value: "#0f172a" },
          },
        },
      ],
    },
  };
}
