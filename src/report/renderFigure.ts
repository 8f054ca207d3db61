import type { TopLevelSpec } from "vega-lite";
import { renderChart } from "./charts/renderChart.js";
import { escapeHtml } from "./escapeHtml.js";

/** Renders a chart spec into a captioned figure, or nothing when there is no data for it. */
export async function renderFigure(spec: TopLevelSpec | undefined, caption: string): Promise<string> {
  if (!spec) return "";
  return `<figure>${await renderChart(spec)}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}
