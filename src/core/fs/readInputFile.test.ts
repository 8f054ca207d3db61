import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputFileError } from "../errors/InputFileError.js";
import { RecipeError } from "../errors/RecipeError.js";
import { loadRecipe } from "../recipe/loadRecipe.js";
import { decodeInputText, TextEncodingProblem } from "./decodeInputText.js";
import { readInputFile } from "./readInputFile.js";
import { readTable } from "./readTable.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-encoding-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(directory, name);
  writeFileSync(file, bytes);
  return file;
}

const bom = Buffer.from([0xef, 0xbb, 0xbf]);
const csv = "text,label\n外卖很快,positive\nun café très bon 😀,negative\n";
const jsonl = '{"text":"外卖很快","label":"positive"}\n{"text":"un café 😀","label":"negative"}\n';

function problemOf(bytes: Uint8Array): TextEncodingProblem {
  try {
    decodeInputText(bytes);
  } catch (error) {
    if (error instanceof TextEncodingProblem) return error;
    throw error;
  }
  throw new Error("expected a TextEncodingProblem");
}

async function inputErrorOf(file: string): Promise<InputFileError> {
  const error = await readTable(file).catch((caught: unknown) => caught);
  if (error instanceof InputFileError) return error;
  throw new Error(`expected an InputFileError, got ${String(error)}`);
}

describe("decodeInputText", () => {
  it("decodes UTF-8 of every width, with or without a byte-order mark, and drops the mark", () => {
    const text = "ascii, é (2 bytes), 外卖 (3 bytes), 😀 (4 bytes)\r\nsecond line";
    expect(decodeInputText(Buffer.from(text))).toBe(text);
    expect(decodeInputText(Buffer.concat([bom, Buffer.from(text)]))).toBe(text);
    expect(decodeInputText(new Uint8Array())).toBe("");
    expect(decodeInputText(bom)).toBe("");
  });

  it("names UTF-16 and UTF-32 found by their byte-order mark", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csv, "utf16le").swap16()]);
    const utf32 = Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x74, 0x00, 0x00, 0x00]);
    expect(problemOf(le).message).toBe(
      "is UTF-16 (little-endian); expected UTF-8: convert it with `iconv -f UTF-16LE -t UTF-8`",
    );
    expect(problemOf(be).message).toMatch(/^is UTF-16 \(big-endian\); .*iconv -f UTF-16BE/);
    expect(problemOf(utf32).message).toMatch(/^is UTF-32 \(little-endian\); .*iconv -f UTF-32LE/);
    expect(problemOf(le).line).toBeUndefined();
  });

  it("names UTF-16 without a byte-order mark, though its ASCII bytes are valid UTF-8", () => {
    const ascii = "text,label\nfast delivery,positive\n";
    expect(problemOf(Buffer.from(ascii, "utf16le")).message).toMatch(
      /^looks like UTF-16 \(little-endian\) without a byte-order mark/,
    );
    expect(problemOf(Buffer.from(ascii, "utf16le").swap16()).message).toMatch(
      /^looks like UTF-16 \(big-endian\)/,
    );
  });

  it("names GBK-encoded Chinese and the line of its first non-UTF-8 byte", () => {
    // 你好，世界 in GBK, on line 3.
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7]);
    const bytes = Buffer.concat([Buffer.from("text,label\nok,positive\n"), gbk, Buffer.from(",negative\n")]);
    const problem = problemOf(bytes);
    expect(problem.line).toBe(3);
    expect(problem.message).toBe(
      "is not valid UTF-8 (byte 0xC4) and looks like GBK/GB18030 (Chinese); expected UTF-8: convert it with `iconv -f GB18030 -t UTF-8`",
    );
  });

  it("names Latin-1/Windows-1252 text", () => {
    const problem = problemOf(Buffer.from("text\nun caf\xe9 tr\xe8s bon\n", "latin1"));
    expect(problem.line).toBe(2);
    expect(problem.message).toMatch(
      /^is not valid UTF-8 \(byte 0xE9\) and looks like Latin-1 or Windows-1252; .*WINDOWS-1252/,
    );
  });

  it("rejects every malformed UTF-8 sequence at its line instead of replacing it with U+FFFD", () => {
    const malformed: [string, number[]][] = [
      ["stray continuation byte", [0x80]],
      ["overlong encoding of '/'", [0xc0, 0xaf]],
      ["overlong three-byte form", [0xe0, 0x80, 0xaf]],
      ["UTF-16 surrogate encoded in UTF-8", [0xed, 0xa0, 0x80]],
      ["code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
      ["byte never used in UTF-8", [0xff]],
      ["sequence cut short by a newline", [0xe5, 0xa4, 0x0a]],
    ];
    for (const [name, sequence] of malformed) {
      const bytes = Buffer.concat([
        Buffer.from('{"text":"ok"}\n{"text":"a'),
        Buffer.from(sequence),
        Buffer.from('b"}\n'),
      ]);
      const problem = problemOf(bytes);
      expect(problem.line, name).toBe(2);
      expect(problem.message, name).toMatch(/^is not valid UTF-8 \(byte 0x[0-9A-F]{2}\)/);
    }
    // Cut short by the end of the file.
    expect(problemOf(Buffer.from([0x61, 0x0a, 0x0a, 0xf0, 0x9f, 0x98])).line).toBe(3);
  });
});

describe("reading user files", () => {
  it("reads JSONL, CSV and TSV with a byte-order mark like the same files without one", async () => {
    for (const [name, content] of [
      ["data.jsonl", jsonl],
      ["data.csv", csv],
      ["data.tsv", csv.replaceAll(",", "\t")],
    ] as const) {
      const plain = await readTable(write(`plain-${name}`, content));
      const marked = await readTable(write(`bom-${name}`, Buffer.concat([bom, Buffer.from(content)])));
      expect(marked, name).toEqual(plain);
      expect(plain.columns, name).toEqual(["text", "label"]);
    }
  });

  it("names the file, the line and the encoding of a file that is not UTF-8", async () => {
    const gbkFile = write(
      "gbk.csv",
      Buffer.concat([
        Buffer.from("text,label\n"),
        Buffer.from([0xc4, 0xe3, 0xba, 0xc3]),
        Buffer.from(",positive\n"),
      ]),
    );
    expect((await inputErrorOf(gbkFile)).message).toBe(
      `${gbkFile}:2: is not valid UTF-8 (byte 0xC4) and looks like GBK/GB18030 (Chinese); expected UTF-8: convert it with \`iconv -f GB18030 -t UTF-8\``,
    );
    const utf16File = write(
      "utf16.jsonl",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl, "utf16le")]),
    );
    expect((await inputErrorOf(utf16File)).message).toMatch(
      new RegExp(`^${utf16File.replaceAll("\\", "\\\\")}: is UTF-16 \\(little-endian\\);`),
    );
    const broken = write(
      "broken.jsonl",
      Buffer.concat([Buffer.from(jsonl), Buffer.from('{"text":"\xff"}\n', "latin1")]),
    );
    const error = await inputErrorOf(broken);
    expect(error.line).toBe(3);
    expect(error.exitCode).toBe(2);
  });

  it("shows the name it is given and says what was expected when the file cannot be read", async () => {
    const error = await readInputFile(path.join(directory, "missing.jsonl"), {
      shownAs: "seeds/missing.jsonl",
      expected: "a JSONL file of seed examples",
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      "seeds/missing.jsonl: cannot be read (ENOENT); expected a JSONL file of seed examples",
    );
  });

  it("loads a recipe with a byte-order mark and refuses one that is not UTF-8, naming file and line", async () => {
    const recipe = [
      "name: reviews",
      "output:",
      "  schema:",
      "    type: object",
      "    properties:",
      "      text: {type: string}",
      "plan:",
      "  count: 5",
      "template:",
      "  prompt: Write a review.",
      "",
    ].join("\n");
    const loaded = await loadRecipe(write("bom.yaml", Buffer.concat([bom, Buffer.from(recipe)])));
    expect(loaded.recipe.name).toBe("reviews");
    const latin = write(
      "latin.yaml",
      Buffer.from(recipe.replace("Write a review.", "\xc9cris un avis."), "latin1"),
    );
    const error = await loadRecipe(latin).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecipeError);
    expect((error as RecipeError).message).toMatch(
      new RegExp(
        `^${latin.replaceAll("\\", "\\\\")}:10: is not valid UTF-8 \\(byte 0xC9\\) and looks like Latin-1`,
      ),
    );
  });
});
