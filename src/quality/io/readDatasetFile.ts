import { readTable } from "../../core/fs/readTable.js";
import type { DatasetRecord } from "../DatasetRecord.js";
import type { ReferenceCorpus } from "../ReferenceCorpus.js";
import { pickColumns } from "./pickColumns.js";

/** Column mapping of a user's data file. */
export interface ColumnOptions {
  textColumn?: string;
  labelColumn?: string;
  /** Text column to use when the file has it (a recipe's `output.textField`); else guessed. */
  preferredTextColumn?: string;
  /** Label column to use when the file has it (a recipe's `output.labelField`). */
  preferredLabelColumn?: string;
  /** Columns that hold control-dimension values (from the recipe's dimensions). */
  dimensions?: readonly string[];
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * Reads a user's dataset (JSONL, CSV, TSV) as DatasetRecords with ids `line:N`. A row whose
 * text is missing or empty is invalid (it counts against schema validity) rather than an error.
 */
export async function readDatasetFile(
  file: string,
  options: ColumnOptions = {},
): Promise<{ records: DatasetRecord[]; columns: { text: string; label: string | undefined } }> {
  const table = await readTable(file, options);
  const columns = pickColumns(file, table, options);
  const records = table.rows.map(({ line, values }) => {
    const text = asText(values[columns.text]);
    const label = columns.label ? asText(values[columns.label]) : undefined;
    const rest = Object.fromEntries(Object.entries(values).filter(([key]) => key !== columns.text));
    const cell: Record<string, string> = {};
    for (const dimension of options.dimensions ?? []) {
      const value = asText(values[dimension]);
      if (value !== undefined) cell[dimension] = value;
    }
    return {
      id: `line:${line}`,
      text: text !== undefined && text.trim() !== "" ? text : undefined,
      label,
      cell,
      output: columns.label ? (label ?? "") : JSON.stringify(rest),
      valid: text !== undefined && text.trim() !== "",
      fields: textFields(values),
      data: values,
    };
  });
  return { records, columns };
}

function textFields(values: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = asText(value);
    if (text !== undefined) fields[key] = text;
  }
  return fields;
}

/** Reads a real reference corpus; rows without text are skipped. */
export async function readReferenceCorpus(
  file: string,
  options: ColumnOptions = {},
): Promise<ReferenceCorpus> {
  const { records } = await readDatasetFile(file, options);
  const usable = records.filter((record) => record.text !== undefined);
  return { file, texts: usable.map((record) => record.text!), labels: usable.map((record) => record.label) };
}
