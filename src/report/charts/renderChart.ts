import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Fonts and colours shared by every chart; CJK fonts first so Chinese labels render. */
const config = {
  font: "'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Segoe UI', Helvetica, Arial, sans-serif",
  view: { stroke: null },
  axis: {
    labelColor: "#475569",
    titleColor: "#334155",
    gridColor: "#e2e8f0",
    domainColor: "#cbd5e1",
    labelFontSize: 11,
  },
  legend: { labelColor: "#334155", titleColor: "#334155", orient: "bottom" },
  range: { category: ["#4f46e5", "#f59e0b", "#10b981", "#ef4444", "#0ea5e9", "#a855f7", "#64748b"] },
  title: { color: "#0f172a", fontSize: 13, anchor: "start" },
} as const;

/**
 * Renders a Vega-Lite spec to an SVG string on the server (no browser, no scripts in the
 * report): Vega-Lite compiles it to Vega, and a headless Vega View writes the SVG.
 */
export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const compiled = compile({ ...spec, config: { ...config, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new View(parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
