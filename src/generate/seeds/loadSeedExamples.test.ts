import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { loadSeedExamples } from "./loadSeedExamples.js";

const schema = {
  type: "object",
  properties: {
    text: { type: "string", minLength: 3 },
    label: { type: "string", enum: ["positive", "negative"] },
    stars: { type: "integer" },
  },
  required: ["text", "label", "stars"],
};

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-seeds-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

async function load(name: string, content: string | Uint8Array, columns: Record<string, string> = {}) {
  writeFileSync(path.join(directory, name), content);
  return loadSeedExamples({ file: name, perPrompt: 2, columns }, { directory, schema });
}

async function problem(
  name: string,
  content: string | Uint8Array,
  columns: Record<string, string> = {},
): Promise<string> {
  const error = await load(name, content, columns).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputFileError);
  return (error as Error).message;
}

describe("loadSeedExamples", () => {
  it("reads JSONL and CSV with a UTF-8 byte-order mark, and names the encoding of a GBK file", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const line = '{"text": "外卖很快", "label": "positive", "stars": 5}\n';
    expect(await load("bom.jsonl", Buffer.concat([bom, Buffer.from(line)]))).toEqual([
      { id: "bom.jsonl:1", fields: { text: "外卖很快", label: "positive", stars: 5 } },
    ]);
    const csv = Buffer.concat([bom, Buffer.from("text,label,stars\n外卖很快,positive,5\n")]);
    expect((await load("bom.csv", csv))[0]!.fields).toEqual({
      text: "外卖很快",
      label: "positive",
      stars: 5,
    });
    // 外卖很快 in GBK, on line 2.
    const gbk = Buffer.concat([
      Buffer.from("text,label,stars\n"),
      Buffer.from([0xcd, 0xe2, 0xc2, 0xf4, 0xba, 0xdc, 0xbf, 0xec]),
      Buffer.from(",positive,5\n"),
    ]);
    expect(await problem("gbk.csv", gbk)).toMatch(
      /gbk\.csv:2: is not valid UTF-8 \(byte 0xCD\) and looks like GBK\/GB18030 \(Chinese\); expected UTF-8/,
    );
  });

  it("reads JSONL with mapped keys and names each example by file and line", async () => {
    const examples = await load(
      "seeds.jsonl",
      '{"review": "Great soup", "label": "positive", "stars": 5}\n\n{"review": "Cold fries", "label": "negative", "stars": 1}\n',
      { text: "review" },
    );
    expect(examples).toEqual([
      { id: "seeds.jsonl:1", fields: { text: "Great soup", label: "positive", stars: 5 } },
      { id: "seeds.jsonl:3", fields: { text: "Cold fries", label: "negative", stars: 1 } },
    ]);
  });

  it("reads CSV, mapping columns and turning numeric cells into numbers", async () => {
    const examples = await load("seeds.csv", 'sentiment,body,stars\npositive,"Lovely, quiet place",4\n', {
      label: "sentiment",
      text: "body",
    });
    expect(examples).toEqual([
      { id: "seeds.csv:2", fields: { text: "Lovely, quiet place", label: "positive", stars: 4 } },
    ]);
  });

  it("names the line and what it got when a JSONL line is not an object", async () => {
    const message = await problem(
      "bad.jsonl",
      '{"text": "fine food", "label": "positive", "stars": 4}\n\n[1, 2]\n',
    );
    expect(message).toMatch(/bad\.jsonl:3: expected a JSON object, got `\[1, 2\]`/);
    expect(await problem("broken.jsonl", "{not json\n")).toMatch(
      /broken\.jsonl:1: expected a JSON object, got `\{not json`/,
    );
  });

  it("names a missing column and lists the header", async () => {
    const message = await problem("seeds.csv", "review,label\nnice,positive\n");
    expect(message).toContain(
      'seeds.csv:1: missing column "text" (for field `text`); the header has: review, label',
    );
  });

  it("names a missing key of a JSONL line", async () => {
    const message = await problem("seeds.jsonl", '{"text": "fine food", "label": "positive"}\n');
    expect(message).toContain('seeds.jsonl:1: missing key "stars"');
  });

  it("rejects an example that does not match the output schema, naming its line", async () => {
    const message = await problem("seeds.csv", "text,label,stars\ngood food,neutral,3\n");
    expect(message).toMatch(
      /seeds\.csv:2: expected an example that matches output\.schema, but its field label/,
    );
  });

  it("rejects missing, empty and malformed files with one sentence", async () => {
    const missing = await loadSeedExamples(
      { file: "nope.jsonl", perPrompt: 1, columns: {} },
      { directory, schema },
    ).catch((error: Error) => error.message);
    expect(missing).toMatch(/nope\.jsonl: cannot be read \(ENOENT\)/);
    expect(await problem("empty.jsonl", "\n\n")).toMatch(/empty\.jsonl: has no examples/);
    expect(await problem("ragged.csv", 'text,label,stars\n"unterminated,positive,1\n')).toMatch(
      /ragged\.csv.*not valid CSV/,
    );
  });
});
