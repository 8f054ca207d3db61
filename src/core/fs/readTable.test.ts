import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputFileError } from "../errors/InputFileError.js";
import { readTable } from "./readTable.js";

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-read-table-"));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("readTable on Parquet", () => {
  it("reads every column in order as text, null as empty, format parquet", async () => {
    const file = path.join(directory, "reviews.parquet");
    writeFileSync(
      file,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: "id", data: [1, 2, 3], type: "INT32" },
            { name: "text", data: ["A great meal", "服务很好，菜也好吃", "Too salty"], type: "STRING" },
            { name: "source", data: ["web", null, "app"], type: "STRING", nullable: true },
          ],
        }),
      ),
    );
    const table = await readTable(file);
    expect(table.format).toBe("parquet");
    expect(table.columns).toEqual(["id", "text", "source"]);
    expect(table.rows).toEqual([
      { line: 1, values: { id: "1", text: "A great meal", source: "web" } },
      { line: 2, values: { id: "2", text: "服务很好，菜也好吃", source: "" } },
      { line: 3, values: { id: "3", text: "Too salty", source: "app" } },
    ]);
  });

  it("refuses a file that is not Parquet with one sentence naming it", async () => {
    const file = path.join(directory, "broken.parquet");
    writeFileSync(file, "id,text\n1,not parquet at all\n");
    const error = await readTable(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as Error).message).toBe(
      `${file}: is not a valid Parquet file (no PAR1 marker at its start and end); expected a file that starts and ends with "PAR1"`,
    );
  });

  it("refuses a file with the markers but a broken footer", async () => {
    const file = path.join(directory, "cut.parquet");
    writeFileSync(file, Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(16, 7), Buffer.from("PAR1")]));
    await expect(readTable(file)).rejects.toThrow(
      new RegExp(`^${file.replace(/[.\\/]/g, "\\$&")}: is not a valid Parquet file \\(.+\\); expected`),
    );
  });

  it("reads gzip and names a codec it cannot read", async () => {
    const columnData = [{ name: "text", data: ["gzip 压缩"], type: "STRING" as const }];
    const gzip = path.join(directory, "gzip.parquet");
    writeFileSync(
      gzip,
      new Uint8Array(
        parquetWriteBuffer({ columnData, codec: "GZIP", compressors: { GZIP: (bytes) => gzipSync(bytes) } }),
      ),
    );
    expect((await readTable(gzip)).rows[0]!.values).toEqual({ text: "gzip 压缩" });
    const zstd = path.join(directory, "zstd.parquet");
    writeFileSync(
      zstd,
      new Uint8Array(
        parquetWriteBuffer({ columnData, codec: "ZSTD", compressors: { ZSTD: (bytes) => bytes } }),
      ),
    );
    await expect(readTable(zstd)).rejects.toThrow(
      `${zstd}: is compressed with ZSTD, which cannot be read; expected a Parquet file written with Snappy (pandas' default), gzip, Brotli or no compression`,
    );
  });
});

describe("readTable on a .json file holding one array of objects", () => {
  it("reads each object as a row, numbered by its place in the array, format json", async () => {
    const file = path.join(directory, "kuake.json");
    writeFileSync(
      file,
      `[\n  {"id": "s1", "query": "散光能好吗", "label": "疾病表述"},\n  {"id": "s2", "query": "白癜风不断恶化的原因", "label": "病因分析"}\n]\n`,
    );
    const table = await readTable(file);
    expect(table.format).toBe("json");
    expect(table.columns).toEqual(["id", "query", "label"]);
    expect(table.rows.map((row) => [row.line, row.values.query])).toEqual([
      [1, "散光能好吗"],
      [2, "白癜风不断恶化的原因"],
    ]);
  });

  it("names the line of a syntax error and the element that is not an object", async () => {
    const broken = path.join(directory, "broken.json");
    writeFileSync(broken, `[\n  {"query": "a"},\n  {"query": "b",}\n]\n`);
    const error = await readTable(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as Error).message).toMatch(
      /broken\.json:3: is not valid JSON; expected one JSON array of objects/,
    );
    const mixed = path.join(directory, "mixed.json");
    writeFileSync(mixed, `[{"query": "a"}, "b"]`);
    await expect(readTable(mixed)).rejects.toThrow(/element 2 of its array is not a JSON object/);
  });

  it("still reads a .json file of JSON lines as JSON lines", async () => {
    const file = path.join(directory, "lines.json");
    writeFileSync(file, `{"text": "a"}\n{"text": "b"}\n`);
    const table = await readTable(file);
    expect(table.format).toBe("jsonl");
    expect(table.rows).toHaveLength(2);
  });
});
