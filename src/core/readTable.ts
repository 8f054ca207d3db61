import { parse } from "csv-parse/sync";
import { InputFileError } from "./errors/InputFileError.js";
import { readInputFile } from "./readInputFile.js";

/** Rows of a data file with the line each starts on. */
export interface Table {
  columns: string[];
  rows: { line: number; values: Record<string, unknown> }[];
  /** How the file is written, so that a copy can be written the same way. */
  format?: "jsonl" | "csv" | "tsv";
  /** Whether the first line names the columns (CSV and TSV). */
  hasHeader?: boolean;
}

/** Column names a header row of a headerless TSV would not contain. */
const likelyHeader = new Set(["text", "label", "sentence", "review", "content", "id"]);

/**
 * Reads a data file: JSONL (one object per line), CSV with a header row, or TSV (`.tsv`, `.txt`)
 * with or without a header (without one, the columns are `text`, `label`, `column3`, ...).
 * Any malformed line throws an InputFileError naming the file and line.
 */
export async function readTable(file: string, options: { textColumn?: string } = {}): Promise<Table> {
  const content = await readInputFile(file);
  if (content.trim() === "")
    throw new InputFileError(file, undefined, "is empty; expected a header row or JSON lines");
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
