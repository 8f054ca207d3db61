import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";
import { labelledRecipeHead } from "../../test/support/labelledRecipe.js";

const utf16 = (text: string, mark = true) =>
  Buffer.concat([mark ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, "utf16le")]);
const latin1 = (text: string) => Buffer.from(text, "latin1");

/** GBK bytes of the few Chinese characters the cases use (Node has a GBK decoder, not an encoder). */
function gbk(text: string): Buffer {
  const table: Record<string, number[]> = {
    外: [0xcd, 0xe2],
    卖: [0xc2, 0xf4],
    很: [0xba, 0xdc],
    快: [0xbf, 0xec],
    太: [0xcc, 0xab],
    慢: [0xc2, 0xfd],
    了: [0xc1, 0xcb],
  };
  return Buffer.from([...text].flatMap((character) => table[character] ?? [character.charCodeAt(0)]));
}

const recipe = (extra = "") => `${labelledRecipeHead("reviews", 4)}template:
  prompt: Write a {{ label }} review.
${extra}`;

const convert = (encoding: string) => `; expected UTF-8: convert it with \`iconv -f ${encoding} -t UTF-8\`$`;

/** Data files and recipes that are not UTF-8: refused at the first bad line, with the encoding they seem to be in. */
export const encodings: BadInputClass = {
  name: "encodings",
  description: "recipes and data files that are not UTF-8 (GBK, UTF-16, UTF-32, Latin-1, stray bytes)",
  cases: async (): Promise<BadInputCaseDefinition[]> => [
    {
      name: "check-gbk-csv",
      summary:
        "check on a CSV of Chinese reviews saved as GBK, as spreadsheet programs on Chinese systems do",
      args: ["check", "reviews.csv"],
      files: { "reviews.csv": Buffer.concat([Buffer.from("text,label\n"), gbk("外卖很快,1\n太慢了,0\n")]) },
      exitCode: 2,
      message: new RegExp(
        `^reviews\\.csv:2: is not valid UTF-8 \\(byte 0xCD\\) and looks like GBK/GB18030 \\(Chinese\\)${convert("GB18030")}`,
      ),
    },
    {
      name: "check-utf16-jsonl",
      summary: "check on JSON lines saved as UTF-16 with a byte-order mark (Windows Notepad's 'Unicode')",
      args: ["check", "reviews.jsonl"],
      files: { "reviews.jsonl": utf16('{"text": "fast", "label": "1"}\n{"text": "slow", "label": "0"}\n') },
      exitCode: 2,
      message: new RegExp(`^reviews\\.jsonl: is UTF-16 \\(little-endian\\)${convert("UTF-16LE")}`),
    },
    {
      name: "check-utf16-without-mark",
      summary: "check on a TSV saved as UTF-16 big-endian without a byte-order mark",
      args: ["check", "reviews.tsv"],
      files: { "reviews.tsv": utf16("text\tlabel\nfast\t1\nslow\t0\n", false).swap16() },
      exitCode: 2,
      message: new RegExp(
        `^reviews\\.tsv: looks like UTF-16 \\(big-endian\\) without a byte-order mark${convert("UTF-16BE")}`,
      ),
    },
    {
      name: "check-utf32",
      summary: "check on a CSV saved as UTF-32",
      args: ["check", "reviews.csv"],
      files: {
        "reviews.csv": Buffer.concat([
          Buffer.from([0xff, 0xfe, 0x00, 0x00]),
          ...[..."text\nfast\n"].map((character) => Buffer.from([character.charCodeAt(0), 0, 0, 0])),
        ]),
      },
      exitCode: 2,
      message: new RegExp(`^reviews\\.csv: is UTF-32 \\(little-endian\\)${convert("UTF-32LE")}`),
    },
    {
      name: "check-latin1-tsv",
      summary: "check on a TSV of French reviews saved as Latin-1",
      args: ["check", "avis.tsv"],
      files: { "avis.tsv": latin1("text\tlabel\ntr\xe8s bon caf\xe9\t1\n") },
      exitCode: 2,
      message: new RegExp(
        `^avis\\.tsv:2: is not valid UTF-8 \\(byte 0xE8\\) and looks like Latin-1 or Windows-1252${convert("WINDOWS-1252")}`,
      ),
    },
    {
      name: "check-cut-character",
      summary:
        "check on UTF-8 JSON lines with an emoji cut short on line 3 (once replaced with U+FFFD and accepted)",
      args: ["check", "reviews.jsonl"],
      files: {
        "reviews.jsonl": Buffer.concat([
          Buffer.from('{"text": "fast"}\n{"text": "slow"}\n{"text": "cut '),
          Buffer.from("😀").subarray(0, 3),
          Buffer.from(' short"}\n'),
        ]),
      },
      exitCode: 2,
      message: /^reviews\.jsonl:3: is not valid UTF-8 \(byte 0xF0\); expected UTF-8 text$/,
    },
    {
      name: "check-gbk-reference",
      summary: "check with a reference corpus saved as GBK",
      args: ["check", "data.jsonl", "--reference", "real.csv"],
      files: {
        "data.jsonl": '{"text": "delivery was fast"}\n{"text": "the soup was cold"}\n',
        "real.csv": Buffer.concat([Buffer.from("text\n"), gbk("外卖很快\n")]),
      },
      exitCode: 2,
      message: /^real\.csv:2: is not valid UTF-8 \(byte 0xCD\) and looks like GBK\/GB18030 \(Chinese\)/,
    },
    {
      name: "review-import-gbk",
      summary: "review import of a verdict file saved as GBK stores nothing",
      args: ["review", "import", "verdicts.csv"],
      fixture: "sampled",
      files: { "verdicts.csv": Buffer.concat([Buffer.from("id,verdict,reason\nx,wrong,"), gbk("太慢了\n")]) },
      exitCode: 2,
      message: /^verdicts\.csv:2: is not valid UTF-8 \(byte 0xC2\) and looks like GBK\/GB18030 \(Chinese\)/,
    },
    {
      name: "run-latin1-recipe",
      summary: "run with a recipe saved as Latin-1 (a prompt with accents)",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": latin1(
          recipe().replace("Write a {{ label }} review.", "\xc9cris un avis {{ label }}."),
        ),
      },
      exitCode: 2,
      message: new RegExp(
        `^recipe\\.yaml:14: is not valid UTF-8 \\(byte 0xC9\\) and looks like Latin-1 or Windows-1252${convert("WINDOWS-1252")}`,
      ),
    },
    {
      name: "run-utf16-seeds",
      summary: "run with a seed file saved as UTF-16: refused before the store is created",
      args: ["run", "recipe.yaml"],
      files: {
        "recipe.yaml": recipe("seeds:\n  file: seeds.jsonl\n"),
        "seeds.jsonl": utf16('{"text": "Great soup", "label": "positive"}\n'),
      },
      exitCode: 2,
      message: new RegExp(`^seeds\\.jsonl: is UTF-16 \\(little-endian\\)${convert("UTF-16LE")}`),
    },
  ],
};
