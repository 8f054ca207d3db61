import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatTable } from "./formatTable.js";

describe("formatTable", () => {
  const rows = [
    { id: 1, text: 'Great, "really"', label: "positive" },
    { id: 2, text: "第二行\t有制表符", label: "negative", extra: { a: 1 } },
  ];

  it("writes CSV that reads back to the same cells, header first", () => {
    const text = formatTable(["id", "text", "label"], rows, { format: "csv", hasHeader: true });
    expect(parse(text)).toEqual([
      ["id", "text", "label"],
      ["1", 'Great, "really"', "positive"],
      ["2", "第二行\t有制表符", "negative"],
    ]);
  });

  it("writes TSV without a header when the input had none, a tab in a value becoming a space", () => {
    expect(formatTable(["text", "label"], rows, { format: "tsv", hasHeader: false })).toBe(
      'Great, "really"\tpositive\n第二行 有制表符\tnegative\n',
    );
  });

  it("writes JSONL with the columns in order and values of their own type", () => {
    const lines = formatTable(["id", "text", "label", "extra"], rows, { format: "jsonl", hasHeader: false })
      .trim()
      .split("\n");
    expect(lines[0]).toBe('{"id":1,"text":"Great, \\"really\\"","label":"positive"}');
    expect(JSON.parse(lines[1]!)).toEqual(rows[1]);
  });

  it("writes a JSON array back for a .json input, the columns in order", () => {
    const text = formatTable(["id", "label"], rows, { format: "json", hasHeader: false });
    expect(JSON.parse(text)).toEqual([
      { id: 1, label: "positive" },
      { id: 2, label: "negative" },
    ]);
  });
});
