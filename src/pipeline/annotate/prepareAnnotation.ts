import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { RecipeError } from "../../core/errors/RecipeError.js";
import { readTable, type Table, type TableFormat } from "../../core/fs/readTable.js";
import { labelsOf } from "../../core/recipe/labelsOf.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import { compileRecordSchema, type RecordValidator } from "../../core/recordSchema.js";

/** Columns an annotation adds besides the output fields: the vote's outcome and the votes themselves. */
export const annotationColumns = { status: "annotation_status", votes: "annotation_votes" } as const;

/** Everything an annotation needs from the recipe and its input file, checked before any model loads or anything is stored. */
export interface PreparedAnnotation {
  /** The input file as messages name it (relative to the working folder when inside it). */
  file: string;
  table: Table & { format: TableFormat; hasHeader: boolean };
  /** Columns shown to the model, in order. */
  shown: string[];
  /** `label`: the label field is voted on directly; `output`: the output fields are generated, then checked by votes. */
  mode: "label" | "output";
  labelField: string | undefined;
  labels: string[];
  /** Fields the annotation adds (output.schema's properties, in order). */
  fields: string[];
  validate: RecordValidator;
  /** sha256 of the rows as read: with the recipe hash, the identity of the run. */
  inputHash: string;
  /** The id of the run: the recipe name and the start of a hash of the recipe and the input. */
  runId: string;
}

/** The text shown for a row: the one column's value, or `column: value` lines for several. */
export function shownText(values: Record<string, unknown>, shown: readonly string[]): string {
  const text = (value: unknown) =>
    typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value);
  return shown.length === 1
    ? text(values[shown[0]!])
    : shown.map((column) => `${column}: ${text(values[column])}`).join("\n");
}

/**
 * Reads and checks the input of an annotation recipe: the file (UTF-8, one clear sentence for
 * any other encoding, a broken line, or an empty file), the columns it names, empty cells and
 * duplicated rows, and the output schema (what the annotation adds must not already be a
 * column). Any problem is one error naming the file, line and column, before the store is
 * opened, so nothing is stored.
 */
export async function prepareAnnotation(
  loaded: LoadedRecipe,
  cwd: string = process.cwd(),
): Promise<PreparedAnnotation> {
  const { recipe } = loaded;
  const input = recipe.input;
  if (input === undefined) {
    throw new RecipeError(
      { file: loaded.file, field: "input" },
      "has no `input` section; expected input.file naming the CSV, TSV, JSONL or Parquet file to annotate",
    );
  }
  const absolute = path.resolve(loaded.directory, input.file);
  const relative = path.relative(cwd, absolute);
  const file =
    relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
  const problem = await stat(absolute).then(
    (stats) => (stats.isFile() ? undefined : "is a folder"),
    (error: NodeJS.ErrnoException) =>
      error.code === "ENOENT" ? "does not exist" : `cannot be read (${error.code ?? error.message})`,
  );
  if (problem !== undefined) {
    throw new RecipeError(
      { file: loaded.file, ...loaded.locate(["input", "file"]), field: "input.file" },
      `names ${file}, which ${problem}; expected a CSV, TSV, JSONL or Parquet file, relative to the recipe`,
    );
  }
  const shown = input.columns ?? [recipe.output.textField];
  const table = (await readTable(absolute, { textColumn: shown[0]! }).catch((error: unknown) => {
    // Name the file as the user would type it, not its absolute path.
    if (error instanceof InputFileError && error.file === absolute) {
      throw new InputFileError(file, error.line, error.message.slice(error.message.indexOf(": ") + 2), {
        cause: error,
      });
    }
    throw error;
  })) as PreparedAnnotation["table"];
  const headerLine = table.hasHeader ? 1 : undefined;
  const seen = new Set<string>();
  for (const column of table.columns) {
    if (column === "" || seen.has(column)) {
      throw new InputFileError(
        file,
        headerLine,
        column === ""
          ? "has a column without a name; expected a header row naming every column"
          : `names the column "${column}" twice; expected each column name once`,
      );
    }
    seen.add(column);
  }
  for (const column of shown) {
    if (!table.columns.includes(column)) {
      const field = input.columns === undefined ? "output.textField" : "input.columns";
      throw new InputFileError(
        file,
        headerLine,
        `has no column "${column}" (${field}); its columns are ${table.columns.join(", ")}${table.format === "tsv" && !table.hasHeader ? " (no header row, so the columns are named by position)" : ""}`,
      );
    }
  }
  if (table.rows.length === 0) {
    throw new InputFileError(
      file,
      headerLine,
      "has a header row but no rows; expected at least one row to annotate",
    );
  }
  const firstOf = new Map<string, number>();
  for (const row of table.rows) {
    for (const column of shown) {
      const value = row.values[column];
      if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
        throw new InputFileError(
          file,
          row.line,
          `has no value in column "${column}"; expected something to annotate on every row (remove the row, or fill it in)`,
        );
      }
    }
    if (input.duplicates === "error") {
      const key = JSON.stringify(shown.map((column) => row.values[column]));
      const first = firstOf.get(key);
      if (first !== undefined) {
        throw new InputFileError(
          file,
          row.line,
          `repeats line ${first} in column${shown.length === 1 ? "" : "s"} ${shown.map((column) => `"${column}"`).join(", ")}; expected each row once (remove the copy, or set input.duplicates: keep to annotate every copy)`,
        );
      }
      firstOf.set(key, row.line);
    }
  }

  const properties = Object.keys((recipe.output.schema.properties ?? {}) as Record<string, unknown>);
  for (const field of [...properties, annotationColumns.status, annotationColumns.votes]) {
    if (table.columns.includes(field)) {
      throw new InputFileError(
        file,
        headerLine,
        `already has a column "${field}", which the annotation adds${properties.includes(field) ? " (a property of output.schema)" : ""}; expected the output fields to be new columns (rename the column or the field)`,
      );
    }
  }
  const labels = labelsOf(recipe);
  const labelField = recipe.output.labelField;
  const mode = labelField !== undefined && labels.length > 0 ? "label" : "output";
  if (mode === "label") {
    const required = ((recipe.output.schema.required ?? []) as string[]).filter(
      (field) => field !== labelField,
    );
    if (required.length > 0) {
      throw new RecipeError(
        { file: loaded.file, ...loaded.locate(["output", "schema"]), field: "output.schema" },
        `requires ${required.join(", ")} besides the label field ${labelField}; expected an annotation schema with the label only (votes pick a label), or no labelField to generate every field`,
      );
    }
  }
  if (mode === "output" && recipe.judge.models !== undefined) {
    throw new RecipeError(
      { file: loaded.file, ...loaded.locate(["judge", "models"]), field: "judge.models" },
      "votes of several models need a label to vote on; expected output.labelField naming an enum field, or judge.model for the check of generated outputs",
    );
  }
  const hash = createHash("sha256")
    .update(JSON.stringify([table.columns, table.rows.map((row) => row.values)]))
    .digest("hex");
  const runId = `${recipe.name}-${createHash("sha256").update(`${loaded.hash}\u0000${hash}`).digest("hex").slice(0, 12)}`;
  return {
    file,
    table,
    shown,
    mode,
    labelField,
    labels,
    fields: mode === "label" ? [labelField!] : properties,
    validate: compileRecordSchema(recipe.output.schema),
    inputHash: hash,
    runId,
  };
}
