import { stringify } from "csv-stringify/sync";
import type { ExportFormat } from "../../core/recipe/exportSchema.js";
import { type ExportContext, type ExportFormatWriter, fieldText } from "./ExportFormatWriter.js";

const jsonLines = (rows: unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join("");

function pick(record: Record<string, unknown>, context: ExportContext): Record<string, unknown> {
  return Object.fromEntries(context.fields.map((field) => [field, record[field]]));
}

/**
 * The export formats and their files (for split `train`; `validation`, `test` and the
 * unsplit `data` are named the same way):
 * - jsonl → `train.jsonl`: one record per line, fields in schema order.
 * - csv → `train.csv`: a header row of the schema fields; non-text values as JSON.
 * - alpaca → `train.alpaca.json`: a JSON array of `{instruction, input, output}`.
 * - sharegpt → `train.sharegpt.json`: a JSON array of `{conversations: [{from: "human"}, {from: "gpt"}]}`;
 *   the human turn is the instruction, a blank line, then the input.
 * - openai → `train.openai.jsonl`: one `{messages: [system, user, assistant]}` per line (the
 *   OpenAI fine-tuning format); the system message holds the instruction.
 */
export const exportFormatWriters: Record<ExportFormat, ExportFormatWriter> = {
  jsonl: {
    suffix: ".jsonl",
    render: (records, context) => jsonLines(records.map((record) => pick(record, context))),
  },
  csv: {
    suffix: ".csv",
    render: (records, context) =>
      stringify(
        records.map((record) => context.fields.map((field) => fieldText(record, field))),
        { header: true, columns: context.fields, bom: false },
      ),
  },
  alpaca: {
    suffix: ".alpaca.json",
    render: (records, context) =>
      `${JSON.stringify(
        records.map((record) => ({
          instruction: context.instruction,
          input: fieldText(record, context.inputField),
          output: fieldText(record, context.outputField),
        })),
        null,
        2,
      )}\n`,
  },
  sharegpt: {
    suffix: ".sharegpt.json",
    render: (records, context) =>
      `${JSON.stringify(
        records.map((record) => ({
          conversations: [
            {
              from: "human",
              value: [context.instruction, fieldText(record, context.inputField)]
                .filter(Boolean)
                .join("\n\n"),
            },
            { from: "gpt", value: fieldText(record, context.outputField) },
          ],
        })),
        null,
        2,
      )}\n`,
  },
  openai: {
    suffix: ".openai.jsonl",
    render: (records, context) =>
      jsonLines(
        records.map((record) => ({
          messages: [
            ...(context.instruction ? [{ role: "system", content: context.instruction }] : []),
            { role: "user", content: fieldText(record, context.inputField) },
            { role: "assistant", content: fieldText(record, context.outputField) },
          ],
        })),
      ),
  },
};
