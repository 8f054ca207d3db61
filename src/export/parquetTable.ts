import { parquetWriteBuffer } from "hyparquet-writer";

/** A column's Parquet type, chosen from its values (missing values are nulls and do not count). */
export type ParquetColumnType = "STRING" | "INT64" | "DOUBLE" | "BOOLEAN" | "JSON";

/** The columns of `rows`: `fields` first (the output schema's order), then others as they first appear. */
export function tableColumns(fields: readonly string[], rows: readonly Record<string, unknown>[]): string[] {
  const columns = [...fields];
  const seen = new Set(columns);
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(key);
    }
  }
  return columns;
}

/**
 * The type a column is written as: text as STRING; whole numbers as INT64, other numbers as
 * DOUBLE; true/false as BOOLEAN; anything else (lists such as multi-label labels, objects, or a
 * mix of kinds) as JSON text, which `datasets` and pyarrow read as a string. A column with no
 * value at all is STRING.
 */
export function parquetColumnType(values: readonly unknown[]): ParquetColumnType {
  const present = values.filter((value) => value !== undefined && value !== null);
  if (present.every((value) => typeof value === "string")) return "STRING";
  if (present.every((value) => typeof value === "boolean")) return "BOOLEAN";
  if (present.every((value) => typeof value === "number" && Number.isFinite(value))) {
    return present.every((value) => Number.isSafeInteger(value)) ? "INT64" : "DOUBLE";
  }
  return "JSON";
}

/**
 * One split as a Parquet file (its bytes): a column per field, typed by `parquetColumnType`,
 * a record's missing field a null. Rows stay in the order given.
 */
export function parquetTable(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: columns.map((name) => {
        const values = rows.map((row) => row[name] ?? null);
        const type = parquetColumnType(values);
        return {
          name,
          type,
          data:
            type === "INT64"
              ? values.map((value) => (value === null ? null : BigInt(value as number)))
              : values,
        };
      }),
    }),
  );
}
