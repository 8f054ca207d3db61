import { readFile } from "node:fs/promises";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { InputFileError } from "../errors/InputFileError.js";
import { readInputFile } from "./readInputFile.js";

/** The kinds of data file read and written back. */
export type TableFormat = "jsonl" | "json" | "csv" | "tsv" | "parquet";

/** Rows of a data file with the line each starts on. */
export interface Table {
  columns: string[];
  rows: { line: number; values: Record<string, unknown> }[];
  /** How the file is written, so that a copy can be written the same way. */
  format?: TableFormat;
  /** Whether the first line names the columns (CSV and TSV). */
  hasHeader?: boolean;
}

/** Column names a header row of a headerless TSV would not contain. */
const likelyHeader = new Set(["text", "label", "sentence", "review", "content", "id"]);

/**
 * Reads a data file: JSONL (one object per line), a `.json` file holding one array of objects,
 * CSV with a header row, or TSV (`.tsv`, `.txt`)
 * with or without a header (without one, the columns are `text`, `label`, `column3`, ...).
 * or Parquet (`.parquet`, every cell read as text). Any malformed line throws an InputFileError
 * naming the file and line.
 */
export async function readTable(file: string, options: { textColumn?: string } = {}): Promise<Table> {
  if (/\.parquet$/i.test(file)) return readParquet(file);
  const content = await readInputFile(file);
  if (content.trim() === "")
    throw new InputFileError(file, undefined, "is empty; expected a header row or JSON lines");
  // A .json file holding one JSON array of objects (CBLUE, many Hugging Face exports) is a table too.
  if (/\.json$/i.test(file) && content.trimStart().startsWith("[")) return parseJsonArray(file, content);
  if (/\.jsonl?$/i.test(file)) return parseJsonLines(file, content);
  const tab = /\.(tsv|txt|tab)$/i.test(file);
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(content, {
      delimiter: tab ? "\t" : ",",
      quote: tab ? false : '"',
      info: true,
      bom: true,
      skip_empty_lines: true,
    }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputFileError(
      file,
      line,
      `is not valid ${tab ? "TSV" : "CSV"} (${(error as Error).message})`,
      { cause: error },
    );
  }
  const first = records[0]!.record;
  const hasHeader =
    !tab || first.some((cell) => cell === options.textColumn || likelyHeader.has(cell.trim().toLowerCase()));
  const columns = hasHeader
    ? first.map((cell) => cell.trim())
    : first.map((_, index) => (index === 0 ? "text" : index === 1 ? "label" : `column${index + 1}`));
  const rows = (hasHeader ? records.slice(1) : records).map(({ info, record }) => {
    if (record.length !== columns.length) {
      throw new InputFileError(
        file,
        info.lines,
        `has ${record.length} fields, expected ${columns.length} (${columns.join(", ")})`,
      );
    }
    return {
      line: info.lines,
      values: Object.fromEntries(columns.map((column, index) => [column, record[index]])),
    };
  });
  return { columns, rows, format: tab ? "tsv" : "csv", hasHeader };
}

function parseJsonArray(file: string, content: string): Table {
  let value: unknown;
  try {
    value = JSON.parse(content.replace(/^\uFEFF/, ""));
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? undefined : content.slice(0, Number(position)).split("\n").length;
    throw new InputFileError(
      file,
      line,
      "is not valid JSON; expected one JSON array of objects (or JSON lines)",
      {
        cause: error,
      },
    );
  }
  const elements = value as unknown[];
  const columns = new Set<string>();
  const rows: Table["rows"] = [];
  elements.forEach((element, index) => {
    if (typeof element !== "object" || element === null || Array.isArray(element)) {
      throw new InputFileError(
        file,
        undefined,
        `element ${index + 1} of its array is not a JSON object; expected an array of objects`,
      );
    }
    for (const key of Object.keys(element)) columns.add(key);
    // Rows are numbered by their place in the array (1-based), which a reader finds by its index.
    rows.push({ line: index + 1, values: element as Record<string, unknown> });
  });
  return { columns: [...columns], rows, format: "json", hasHeader: false };
}

function parseJsonLines(file: string, content: string): Table {
  const columns = new Set<string>();
  const rows: Table["rows"] = [];
  content.split(/\r?\n/).forEach((text, index) => {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InputFileError(file, index + 1, "is not valid JSON; expected one JSON object per line");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new InputFileError(file, index + 1, "is not a JSON object; expected one object per line");
    }
    for (const key of Object.keys(value)) columns.add(key);
    rows.push({ line: index + 1, values: value as Record<string, unknown> });
  });
  return { columns: [...columns], rows, format: "jsonl", hasHeader: false };
}

const parquetMagic = "PAR1";

/** Codecs Node reads besides those hyparquet has (none, Snappy); ZSTD and LZ4 are refused by name. */
const parquetDecompressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
};

/** A Parquet file's cell as text: null is empty as in CSV, anything not a string as JSON. */
function parquetCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, each: unknown) => (typeof each === "bigint" ? String(each) : each));
}

/** Reads a Parquet file's top-level columns in order; row i (from 0) is "line" i + 1. */
async function readParquet(file: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputFileError(file, undefined, `cannot be read (${reason})`, { cause: error });
  }
  const notParquet = (detail: string, cause?: unknown) =>
    new InputFileError(
      file,
      undefined,
      `is not a valid Parquet file (${detail}); expected a file that starts and ends with "PAR1"`,
      cause === undefined ? {} : { cause },
    );
  if (
    bytes.length < 12 ||
    bytes.subarray(0, 4).toString("latin1") !== parquetMagic ||
    bytes.subarray(bytes.length - 4).toString("latin1") !== parquetMagic
  ) {
    throw notParquet(bytes.length < 12 ? `${bytes.length} bytes` : "no PAR1 marker at its start and end");
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  let columns: string[];
  let records: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(buffer);
    columns = parquetSchema(metadata).children.map((child) => child.element.name);
    records = await parquetReadObjects({ file: buffer, metadata, compressors: parquetDecompressors });
  } catch (error) {
    const codec = /unsupported compression codec: (\w+)/.exec((error as Error).message)?.[1];
    if (codec !== undefined) {
      throw new InputFileError(
        file,
        undefined,
        `is compressed with ${codec}, which cannot be read; expected a Parquet file written with Snappy (pandas' default), gzip, Brotli or no compression`,
        { cause: error },
      );
    }
    throw notParquet((error as Error).message, error);
  }
  const rows = records.map((record, index) => ({
    line: index + 1,
    values: Object.fromEntries(columns.map((column) => [column, parquetCell(record[column])])),
  }));
  return { columns, rows, format: "parquet", hasHeader: false };
}
