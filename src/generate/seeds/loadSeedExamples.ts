import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { readInputFile } from "../../core/fs/readInputFile.js";
import type { SeedSettings } from "../../core/recipe/templateSchema.js";
import { compileRecordSchema } from "../../core/recordSchema.js";
import type { SeedExample } from "./SeedExample.js";

export interface LoadSeedOptions {
  /** Folder the seed file path is relative to (the recipe's folder). */
  directory: string;
  /** The recipe's output schema: which fields to read, and what each example must satisfy. */
  schema: Record<string, unknown>;
}

/**
 * Reads few-shot examples from a JSONL file (one JSON object per line) or a CSV/TSV file
 * (a header row, then one example per row). `columns` maps a record field to the column
 * or key that holds it. Every example must validate against the output schema. Any problem
 * is an InputFileError naming the file, the line, and what was expected.
 */
export async function loadSeedExamples(
  settings: SeedSettings,
  options: LoadSeedOptions,
): Promise<SeedExample[]> {
  const absolute = path.resolve(options.directory, settings.file);
  const shown = displayPath(absolute);
  const text = await readInputFile(absolute, {
    shownAs: shown,
    expected: "a JSONL or CSV file of seed examples",
  });
  const properties = Object.keys((options.schema.properties ?? {}) as Record<string, unknown>);
  const required = new Set((options.schema.required ?? properties) as string[]);
  const extension = path.extname(absolute).toLowerCase();
  const rows =
    extension === ".csv" || extension === ".tsv"
      ? readDelimited(text, shown, extension === ".tsv" ? "\t" : ",", properties, required, settings.columns)
      : readJsonLines(text, shown, properties, required, settings.columns);
  if (rows.length === 0) {
    throw new InputFileError(shown, undefined, "has no examples; expected at least one seed example");
  }
  const validate = compileRecordSchema(options.schema);
  const name = path.basename(absolute);
  return rows.map(({ line, fields }) => {
    const coerced = coerce(fields, options.schema);
    const problem = validate(coerced);
    if (problem !== undefined) {
      throw new InputFileError(
        shown,
        line,
        `expected an example that matches output.schema, but its ${problem}`,
      );
    }
    return { id: `${name}:${line}`, fields: coerced };
  });
}

interface Row {
  line: number;
  fields: Record<string, unknown>;
}

function readJsonLines(
  text: string,
  file: string,
  properties: string[],
  required: Set<string>,
  columns: Record<string, string>,
): Row[] {
  const rows: Row[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InputFileError(file, line, `expected a JSON object, got ${preview(raw)}`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InputFileError(file, line, `expected a JSON object, got ${preview(raw)}`);
    }
    const object = value as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const field of properties) {
      const key = columns[field] ?? field;
      if (key in object) fields[field] = object[key];
      else if (required.has(field)) {
        throw new InputFileError(
          file,
          line,
          `missing key "${key}" (for field \`${field}\`); the object has: ${Object.keys(object).join(", ") || "no keys"}`,
        );
      }
    }
    rows.push({ line, fields });
  }
  return rows;
}

function readDelimited(
  text: string,
  file: string,
  delimiter: string,
  properties: string[],
  required: Set<string>,
  columns: Record<string, string>,
): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_quotes: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputFileError(
      file,
      line,
      `is not valid ${delimiter === "\t" ? "TSV" : "CSV"}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const [header, ...body] = records;
  if (!header) return [];
  const names = header.record.map((name) => name.trim());
  const positions = new Map<string, number>();
  for (const field of properties) {
    const column = columns[field] ?? field;
    const position = names.indexOf(column);
    if (position >= 0) positions.set(field, position);
    else if (required.has(field)) {
      throw new InputFileError(
        file,
        header.info.lines,
        `missing column "${column}" (for field \`${field}\`); the header has: ${names.join(", ")}`,
      );
    }
  }
  return body.map(({ record, info }) => {
    const fields: Record<string, unknown> = {};
    for (const [field, position] of positions) fields[field] = record[position];
    return { line: info.lines, fields };
  });
}

/** CSV cells are text; turn them into the numbers and booleans the schema asks for. */
function coerce(fields: Record<string, unknown>, schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const type = properties[field]?.type;
    const types = Array.isArray(type) ? type : [type];
    if (typeof value === "string" && !types.includes("string")) {
      if (
        (types.includes("number") || types.includes("integer")) &&
        value.trim() !== "" &&
        Number.isFinite(Number(value))
      ) {
        result[field] = Number(value);
        continue;
      }
      if (types.includes("boolean") && (value === "true" || value === "false")) {
        result[field] = value === "true";
        continue;
      }
      if (types.includes("null") && value === "") {
        result[field] = null;
        continue;
      }
    }
    result[field] = value;
  }
  return result;
}

function preview(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.length > 40 ? `\`${trimmed.slice(0, 37)}...\`` : `\`${trimmed}\``;
}

function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}
