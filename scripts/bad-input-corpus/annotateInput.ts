import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";

/** GBK bytes of the few Chinese characters the cases use (Node has a GBK decoder, not an encoder). */
function gbk(text: string): Buffer {
  const table: Record<string, number[]> = {
    外: [0xcd, 0xe2],
    卖: [0xc2, 0xf4],
    很: [0xba, 0xdc],
    快: [0xbf, 0xec],
  };
  return Buffer.from([...text].flatMap((character) => table[character] ?? [character.charCodeAt(0)]));
}

const recipe = (input: string, schemaExtra = "") => `name: annotate-case
description: Reviews labelled by sentiment.
input:
${input}
output:
  schema:
    type: object
    properties:
      label: { type: string, enum: [positive, negative] }${schemaExtra}
    required: [label]
  labelField: label
`;

const annotate = (
  name: string,
  summary: string,
  files: Record<string, string | Uint8Array>,
  message: RegExp,
  fixture: "none" | "run" = "none",
): BadInputCaseDefinition => ({
  name,
  summary,
  args: ["annotate", "annotate.yaml"],
  fixture,
  files,
  exitCode: 2,
  message,
});

/** Files handed to `synthforge annotate` that cannot be annotated: one sentence naming file, line and column; nothing stored. */
export const annotateInput: BadInputClass = {
  name: "annotate-input",
  description:
    "input files of `synthforge annotate` that are missing, empty, broken, not UTF-8 or repeat rows",
  cases: async (): Promise<BadInputCaseDefinition[]> => [
    annotate(
      "missing-column",
      "the recipe reads a column the CSV does not have (the store of an earlier run stays as it was)",
      {
        "annotate.yaml": recipe("  file: reviews.csv\n  columns: [review]"),
        "reviews.csv": "id,text\n1,Great food.\n",
      },
      /^reviews\.csv:1: has no column "review" \(input\.columns\); its columns are id, text$/,
      "run",
    ),
    annotate(
      "empty-file",
      "the input file is empty",
      { "annotate.yaml": recipe("  file: reviews.csv"), "reviews.csv": "" },
      /^reviews\.csv: is empty; expected a header row or JSON lines$/,
    ),
    annotate(
      "header-only",
      "the CSV has a header row and nothing else",
      { "annotate.yaml": recipe("  file: reviews.csv"), "reviews.csv": "id,text\n" },
      /^reviews\.csv:1: has a header row but no rows; expected at least one row to annotate$/,
    ),
    annotate(
      "broken-csv-line",
      "line 3 of the CSV has a field too many",
      {
        "annotate.yaml": recipe("  file: reviews.csv"),
        "reviews.csv": "id,text\n1,Great food.\n2,Slow,cold\n",
      },
      /^reviews\.csv:3: is not valid CSV \(Invalid Record Length: expect 2, got 3 on line 3\)$/,
    ),
    annotate(
      "broken-json-line",
      "line 2 of the JSONL is cut off",
      {
        "annotate.yaml": recipe("  file: reviews.jsonl"),
        "reviews.jsonl": '{"text": "Great"}\n{"text": "Slo\n',
      },
      /^reviews\.jsonl:2: is not valid JSON; expected one JSON object per line$/,
    ),
    annotate(
      "gbk-csv",
      "a CSV of Chinese reviews saved as GBK",
      {
        "annotate.yaml": recipe("  file: reviews.csv"),
        "reviews.csv": Buffer.concat([Buffer.from("id,text\n1,"), gbk("外卖很快\n")]),
      },
      /^reviews\.csv:2: is not valid UTF-8 \(byte 0xCD\) and looks like GBK\/GB18030 \(Chinese\); expected UTF-8: convert it with `iconv -f GB18030 -t UTF-8`$/,
    ),
    annotate(
      "duplicate-row",
      "line 4 repeats the text of line 2",
      {
        "annotate.yaml": recipe("  file: reviews.csv"),
        "reviews.csv": "id,text\n1,Great food.\n2,Cold soup.\n3,Great food.\n",
      },
      /^reviews\.csv:4: repeats line 2 in column "text"; expected each row once \(remove the copy, or set input\.duplicates: keep to annotate every copy\)$/,
    ),
    annotate(
      "empty-cell",
      "row 3 has no text",
      { "annotate.yaml": recipe("  file: reviews.csv"), "reviews.csv": "id,text\n1,Great food.\n2,\n" },
      /^reviews\.csv:3: has no value in column "text"; expected something to annotate on every row/,
    ),
    annotate(
      "label-column-exists",
      "the file already has the column the annotation adds",
      { "annotate.yaml": recipe("  file: reviews.csv"), "reviews.csv": "text,label\nGreat food.,1\n" },
      /^reviews\.csv:1: already has a column "label", which the annotation adds \(a property of output\.schema\)/,
    ),
    annotate(
      "missing-file",
      "input.file names a file that does not exist",
      { "annotate.yaml": recipe("  file: nowhere.csv") },
      /^annotate\.yaml:4:9: field `input\.file` names nowhere\.csv, which does not exist; expected a CSV, TSV, JSONL or Parquet file, relative to the recipe$/,
    ),
    {
      name: "no-input-section",
      summary: "annotate on a generation recipe, which has no input section",
      args: ["annotate", "annotate.yaml"],
      files: {
        "annotate.yaml":
          "name: gen\noutput:\n  schema: { type: object, properties: { text: { type: string } } }\nplan: { count: 2 }\ntemplate: { prompt: Write. }\n",
      },
      exitCode: 2,
      message:
        /^annotate\.yaml: field `input` has no `input` section; expected input\.file naming the CSV, TSV, JSONL or Parquet file to annotate$/,
    },
  ],
};
