import type { TopLevelSpec } from "vega-lite";
import type { LossPoint } from "../../train/trainResultSchema.js";

const series = { domain: ["training loss", "validation loss"], range: ["#4f46e5", "#f59e0b"] };

/**
 * Training and validation loss against the optimizer step of one training job, a dashed rule
 * and the stage's name where each stage starts (staged training), and the learning rate
 * below when the curve has it.
 */
export function lossChart(title: string, curve: readonly LossPoint[]): TopLevelSpec | undefined {
  if (curve.length === 0) return undefined;
  const values = curve.flatMap((point) => [
    { step: point.step, series: "training loss", loss: point.loss },
    ...(point.validationLoss === undefined
      ? []
      : [{ step: point.step, series: "validation loss", loss: point.validationLoss }]),
  ]);
  const starts = curve.flatMap((point, index) =>
    point.stage !== undefined && point.stage !== curve[index - 1]?.stage
      ? [{ step: point.step, stage: point.stage }]
      : [],
  );
  const staged = new Set(starts.map((start) => start.stage)).size > 1;
  const step = { field: "step", type: "quantitative", title: "optimizer step" } as const;
  const loss: { width: number; height: number; layer: Extract<TopLevelSpec, { layer: unknown }>["layer"] } = {
    width: 380,
    height: 190,
    layer: [
      {
        data: { values },
        mark: { type: "line", strokeWidth: 1.6 },
        encoding: {
          x: step,
          y: { field: "loss", type: "quantitative", title: "loss", scale: { zero: false } },
          color: { field: "series", type: "nominal", title: null, scale: series },
          tooltip: [{ field: "series" }, { field: "step" }, { field: "loss", format: ".4f" }],
        },
      },
      {
        data: { values: values.filter((value) => value.series === "validation loss") },
        mark: { type: "point", filled: true, size: 30 },
        encoding: {
          x: step,
          y: { field: "loss", type: "quantitative" },
          color: { field: "series", type: "nominal", scale: series },
        },
      },
      ...(staged
        ? [
            {
              data: { values: starts.slice(1) },
              mark: { type: "rule" as const, color: "#94a3b8", strokeDash: [4, 3] },
              encoding: { x: { field: "step", type: "quantitative" as const } },
            },
            {
              data: { values: starts },
              mark: {
                type: "text" as const,
                align: "left" as const,
                baseline: "top" as const,
                dx: 3,
                y: 2,
                color: "#64748b",
              },
              encoding: { x: { field: "step", type: "quantitative" as const }, text: { field: "stage" } },
            },
          ]
        : []),
    ],
  };
  const rates = curve.flatMap((point) =>
    point.learningRate === undefined ? [] : [{ step: point.step, learningRate: point.learningRate }],
  );
  const schema = "https://vega.github.io/schema/vega-lite/v6.json";
  if (rates.length === 0) return { $schema: schema, title, ...loss };
  return {
    $schema: schema,
    title,
    vconcat: [
      loss,
      {
        width: 380,
        height: 70,
        data: { values: rates },
        mark: { type: "line", color: "#10b981", strokeWidth: 1.4 },
        encoding: {
          x: step,
          y: { field: "learningRate", type: "quantitative", title: "learning rate", axis: { format: ".0e" } },
          tooltip: [{ field: "step" }, { field: "learningRate", format: ".2e" }],
        },
      },
    ],
  };
}
