import { stringify } from "csv-stringify/sync";
import { UsageError } from "../../core/errors/UsageError.js";
import type { ExportFormat } from "../../core/recipe/exportSchema.js";
import { isCjkLanguage } from "../../core/text/isCjkLanguage.js";
import {
  type ExportContext,
  type ExportFormatWriter,
  fieldText,
  instructionExample,
} from "./ExportFormatWriter.js";
import { codePointOffset, type TaggedRecord, tagNames, tagRecord } from "./nerTokens.js";

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
 * Records in Alpaca's layout (`instruction`, optional `input`, `output`: `instructionField`)
 * keep their own instruction in all three, and the OpenAI format then has no system message.
 *
 * The NER formats, for a schema with an entity list (`{text, type}` items): tokens are words
 * and punctuation, or single characters for Chinese, cut at every mention's edges; tags are
 * IOB2. Offsets are Unicode code points (Python's string indexes), end exclusive.
 * - conll → `train.conll`: one `token TAG` line per token, a blank line after each record (the
 *   CoNLL-2003 NER layout, two columns).
 * - hf-ner → `train.ner.jsonl`: one `{id, text, tokens, ner_tags, offsets, entities}` per line,
 *   `ner_tags` as indexes into `ner_tags.json` (the tag names, written once), `offsets` each
 *   token's `[start, end]`, `entities` each mention's `{start, end, label, text}` (Hugging Face
 *   token classification).
 * - spacy → `train.spacy.json`: a JSON array of `[text, {"entities": [[start, end, label]]}]`,
 *   spaCy's character-offset training form (`doc.char_span` for a `DocBin`).
 */
function tagged(records: Record<string, unknown>[], context: ExportContext): TaggedRecord[] {
  const entities = context.entities;
  if (!entities) throw new UsageError(entityFormatMessage);
  const cjk = isCjkLanguage(context.language);
  return records.map((record, index) =>
    tagRecord(record, entities, cjk, `record ${index + 1} of the export`),
  );
}

const entityFormatMessage =
  "the conll, hf-ner and spacy export formats need an entity list in output.schema: an array property whose items are objects with a string `text` and a `type` (an enum of the entity types).";

function nerTagNames(context: ExportContext): string[] {
  const types = context.entities?.types;
  if (!types) {
    throw new UsageError(
      "the hf-ner export format needs the entity types: give the `type` of output.schema's entity items an enum.",
    );
  }
  return tagNames(types);
}

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
        records.map((record) => {
          const { instruction, input, output } = instructionExample(record, context);
          return { instruction, input, output };
        }),
        null,
        2,
      )}\n`,
  },
  sharegpt: {
    suffix: ".sharegpt.json",
    render: (records, context) =>
      `${JSON.stringify(
        records.map((record) => {
          const { instruction, input, output } = instructionExample(record, context);
          return {
            conversations: [
              { from: "human", value: [instruction, input].filter(Boolean).join("\n\n") },
              { from: "gpt", value: output },
            ],
          };
        }),
        null,
        2,
      )}\n`,
  },
  openai: {
    suffix: ".openai.jsonl",
    render: (records, context) =>
      jsonLines(
        records.map((record) => {
          const { instruction, input, output, own } = instructionExample(record, context);
          // A record's own instruction is what the user asks; the recipe's is the system message.
          const user = own ? [instruction, input].filter(Boolean).join("\n\n") : input;
          return {
            messages: [
              ...(!own && instruction ? [{ role: "system", content: instruction }] : []),
              { role: "user", content: user },
              { role: "assistant", content: output },
            ],
          };
        }),
      ),
  },
  conll: {
    suffix: ".conll",
    needsEntities: true,
    render: (records, context) =>
      tagged(records, context)
        .map(
          (record) =>
            `${record.tokens.map((token, index) => `${token.text} ${record.tags[index]}`).join("\n")}\n\n`,
        )
        .join(""),
  },
  "hf-ner": {
    suffix: ".ner.jsonl",
    needsEntities: true,
    sidecar: { name: "ner_tags.json", render: (context) => `${JSON.stringify(nerTagNames(context))}\n` },
    render: (records, context) => {
      const names = nerTagNames(context);
      return jsonLines(
        tagged(records, context).map((record, id) => {
          const at = (offset: number) => codePointOffset(record.text, offset);
          return {
            id,
            text: record.text,
            tokens: record.tokens.map((token) => token.text),
            ner_tags: record.tags.map((tag) => names.indexOf(tag)),
            offsets: record.tokens.map((token) => [at(token.start), at(token.end)]),
            entities: record.spans.map((span) => ({
              start: at(span.start),
              end: at(span.end),
              label: span.type,
              text: span.text,
            })),
          };
        }),
      );
    },
  },
  spacy: {
    suffix: ".spacy.json",
    needsEntities: true,
    render: (records, context) =>
      `${JSON.stringify(
        tagged(records, context).map((record) => [
          record.text,
          {
            entities: record.spans.map((span) => [
              codePointOffset(record.text, span.start),
              codePointOffset(record.text, span.end),
              span.type,
            ]),
          },
        ]),
      )}\n`,
  },
};
