import { InputFileError } from "../../core/errors/InputFileError.js";
import type { Table } from "../../core/fs/readTable.js";

/** Which columns hold the text and the label. */
export interface ColumnChoice {
  text: string;
  label: string | undefined;
}

/**
 * The text column: the one named, else the preferred one when present, else `text`, else the
 * column with the longest strings in the first 100 rows. The label column: the one named, else
 * the preferred one when present, else `label` when present.
 */
export function pickColumns(
  file: string,
  table: Table,
  wanted: {
    textColumn?: string;
    labelColumn?: string;
    /** Used when the table has it (a recipe's `output.textField`), else the column is guessed. */
    preferredTextColumn?: string;
    preferredLabelColumn?: string;
  },
): ColumnChoice {
  const check = (column: string | undefined, role: string) => {
    if (column !== undefined && !table.columns.includes(column)) {
      throw new InputFileError(
        file,
        1,
        `has no ${role} column "${column}"; its columns are ${table.columns.join(", ")}`,
      );
    }
  };
  check(wanted.textColumn, "text");
  check(wanted.labelColumn, "label");
  const averageLength = (column: string) => {
    const sample = table.rows.slice(0, 100);
    return (
      sample.reduce(
        (sum, row) =>
          sum + (typeof row.values[column] === "string" ? (row.values[column] as string).length : 0),
        0,
      ) / Math.max(1, sample.length)
    );
  };
  const present = (column: string | undefined) =>
    column !== undefined && table.columns.includes(column) ? column : undefined;
  const text =
    wanted.textColumn ??
    present(wanted.preferredTextColumn) ??
    (table.columns.includes("text")
      ? "text"
      : [...table.columns].sort((a, b) => averageLength(b) - averageLength(a))[0]);
  if (text === undefined) throw new InputFileError(file, 1, "has no columns; expected a text column");
  const label =
    wanted.labelColumn ??
    present(wanted.preferredLabelColumn) ??
    (table.columns.includes("label") && text !== "label" ? "label" : undefined);
  return { text, label };
}
