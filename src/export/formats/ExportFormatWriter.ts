/** What a format needs to know to turn records into training examples. */
export interface ExportContext {
  /** Record fields in schema order (JSONL keys, CSV columns). */
  fields: string[];
  /** Instruction text of the instruction-tuning formats. */
  instruction: string;
  /** Field used as the model input in instruction formats. */
  inputField: string;
  /** Field used as the target in instruction formats. */
  outputField: string;
}

/** One export format: the file-name suffix and how a list of records becomes the file's text. */
export interface ExportFormatWriter {
  /** Appended to the split name: `train` + `.alpaca.json`. */
  suffix: string;
  render(records: Record<string, unknown>[], context: ExportContext): string;
}

/** A field's value as text: strings as they are, anything else as JSON. */
export function fieldText(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value === "string") return value;
  return value === undefined ? "" : JSON.stringify(value);
}
