import type { GateResult } from "./GateResult.js";

function formatValue(value: number | undefined): string {
  if (value === undefined) return "-";
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** The gates as one plain-text table: metric, value, threshold, pass/fail. */
export function formatGateTable(results: readonly GateResult[]): string {
  const rows = [
    ["metric", "value", "threshold", "result"],
    ...results.map((result) => [
      result.metric,
      formatValue(result.value),
      `${result.comparison} ${formatValue(result.threshold)}`,
      result.note ? `${result.status}: ${result.note}` : result.status,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 3 ? cell : cell.padEnd(widths[column]!))).join("  ");
  return [
    line(rows[0]!),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...rows.slice(1).map(line),
  ].join("\n");
}
