import { stringify } from "csv-stringify/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { TableFormat } from "../core/fs/readTable.js";

/** How a table is written: as the input it came from was. */
export interface TableLayout {
  format: TableFormat;
  /** Write a header row (CSV, TSV). */
  hasHeader: boolean;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Writes rows as a JSONL, JSON (one array of objects), CSV, TSV or Parquet file with the given columns in order. JSONL keeps each
 * row's values as they are (numbers stay numbers) and leaves out columns a row never had; CSV quotes
 * where needed; TSV has no quoting, so a tab or line break inside a value becomes a space; Parquet
 * (the file's bytes) has every column as a UTF-8 string column, a missing value an empty string.
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  layout: TableLayout & { format: Exclude<TableFormat, "parquet"> },
): string;
export function formatTable(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  layout: TableLayout,
): string | Uint8Array;
export function formatTable(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  layout: TableLayout,
): string | Uint8Array {
  if (layout.format === "parquet") {
    return new Uint8Array(
      parquetWriteBuffer({
        columnData: columns.map((column) => ({
          name: column,
          data: rows.map((row) => cell(row[column])),
          type: "STRING" as const,
        })),
      }),
    );
  }
  const ordered = (row: Record<string, unknown>) => {
    const kept: Record<string, unknown> = {};
    for (const column of columns) if (row[column] !== undefined) kept[column] = row[column];
    return kept;
  };
  if (layout.format === "jsonl") return rows.map((row) => `${JSON.stringify(ordered(row))}\n`).join("");
  if (layout.format === "json") return `${JSON.stringify(rows.map(ordered), null, 2)}\n`;
  const records = rows.map((row) => columns.map((column) => cell(row[column])));
  if (layout.format === "csv") {
    return stringify(layout.hasHeader ? [[...columns], ...records] : records, { record_delimiter: "\n" });
  }
  const line = (values: readonly string[]) =>
    `${values.map((value) => value.replace(/[\t\r\n]+/g, " ")).join("\t")}\n`;
  return (layout.hasHeader ? [line(columns)] : []).concat(records.map(line)).join("");
}
