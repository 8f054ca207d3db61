import type { EntityFieldInfo } from "../../core/entities/entityField.js";

/** What a format needs to know to turn records into training examples. */
export interface ExportContext {
  /** Record fields in schema order (JSONL keys, CSV columns). */
  fields: string[];
  /** Instruction text of the instruction-tuning formats (the recipe's, when records carry none of their own). */
  instruction: string;
  /**
   * The field holding each record's own instruction (records in Alpaca's layout: `instruction`,
   * an optional `input`, `output`); the formats then take it instead of `instruction`.
   */
  instructionField?: string;
  /** Field used as the model input in instruction formats. */
  inputField: string;
  /** Field used as the target in instruction formats. */
  outputField: string;
  /** Language tag of the records (the NER formats tokenise CJK text by character). */
  language: string;
  /** The record's entity list, when its schema has one (the NER formats need it). */
  entities: EntityFieldInfo | undefined;
}

/** One export format: the file-name suffix and how a list of records becomes the file's text. */
export interface ExportFormatWriter {
  /** Appended to the split name: `train` + `.alpaca.json`. */
  suffix: string;
  render(records: Record<string, unknown>[], context: ExportContext): string;
  /** A file written once beside the splits when the format is on (the tag names of `hf-ner`). */
  sidecar?: { name: string; render(context: ExportContext): string };
  /** True when the format needs an entity list in the output schema. */
  needsEntities?: boolean;
}

/** A field's value as text: strings as they are, anything else as JSON. */
export function fieldText(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

/** One record as an instruction-tuning example: its instruction, input and target output. */
export function instructionExample(
  record: Record<string, unknown>,
  context: ExportContext,
): { instruction: string; input: string; output: string; own: boolean } {
  const own = context.instructionField;
  return {
    instruction: own === undefined ? context.instruction : fieldText(record, own),
    input: context.inputField === own ? "" : fieldText(record, context.inputField),
    output: fieldText(record, context.outputField),
    own: own !== undefined,
  };
}
