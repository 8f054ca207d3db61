/** One row of the reasons table: a reason code, how many records it rejected, one example. */
export interface ReasonRow {
  reason: string;
  count: number;
  /** The full reason of one record, e.g. `leak: placeholder "[product_name]" left in the text`. */
  example?: string;
}

/** The "rejected by reason" table that `runs show` and `check` print, most frequent first. */
export function formatReasonTable(rows: readonly ReasonRow[]): string {
  if (rows.length === 0) return "rejected by reason: none";
  const sorted = [...rows].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const width = Math.max(6, ...sorted.map((row) => row.reason.length));
  const counts = Math.max(7, ...sorted.map((row) => String(row.count).length));
  const lines = [`  ${"reason".padEnd(width)}  ${"records".padStart(counts)}  example`];
  for (const row of sorted) {
    const example = row.example === undefined ? "" : clip(row.example, 90);
    lines.push(`  ${row.reason.padEnd(width)}  ${String(row.count).padStart(counts)}  ${example}`);
  }
  return ["rejected by reason:", ...lines].join("\n");
}

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
