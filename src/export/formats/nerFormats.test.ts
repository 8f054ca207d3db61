import { describe, expect, it } from "vitest";
import type { ExportContext } from "./ExportFormatWriter.js";
import { exportFormatWriters } from "./exportFormats.js";
import { tokenize } from "./nerTokens.js";

const context = (language: string, types: string[]): ExportContext => ({
  fields: ["text", "entities"],
  instruction: "",
  inputField: "text",
  outputField: "entities",
  language,
  entities: { textField: "text", entitiesField: "entities", types, typeDescription: undefined },
});
const english = context("en", ["PER", "ORG", "LOC", "MISC"]);
const chinese = context("zh", ["name", "address", "company"]);

const englishRecord = {
  text: "EU rejects German call; U.S. envoy Bill Clinton's aide met AT&T in New York.",
  entities: [
    { text: "EU", type: "ORG" },
    { text: "German", type: "MISC" },
    { text: "U.S.", type: "LOC" },
    { text: "Bill Clinton", type: "PER" },
    { text: "AT&T", type: "ORG" },
    { text: "New York", type: "LOC" },
  ],
};
const chineseRecord = {
  text: "叶老桂在浙商银行北京分行工作😀，叶老桂说CSOL不错。",
  entities: [
    { text: "叶老桂", type: "name" },
    { text: "浙商银行", type: "company" },
    { text: "北京", type: "address" },
  ],
};

describe("tokenize", () => {
  it("splits English into words and punctuation, and cuts a token at a mention's edge", () => {
    expect(tokenize("EU's 3-1 win, U.S. says.", false).map((token) => token.text)).toEqual([
      "EU's",
      "3-1",
      "win",
      ",",
      "U.S.",
      "says",
      ".",
    ]);
    expect(tokenize("EU's", false, new Set([2])).map((token) => token.text)).toEqual(["EU", "'s"]);
    expect(tokenize("在 Paris住", false).map((token) => token.text)).toEqual(["在", "Paris", "住"]);
  });

  it("gives Chinese one token per character, spaces skipped, with offsets", () => {
    expect(tokenize("北京 CS", true)).toEqual([
      { text: "北", start: 0, end: 1 },
      { text: "京", start: 1, end: 2 },
      { text: "C", start: 3, end: 4 },
      { text: "S", start: 4, end: 5 },
    ]);
  });
});

describe("NER export formats", () => {
  it("conll writes `token TAG` lines in IOB2, a blank line after each record", () => {
    const text = exportFormatWriters.conll.render([englishRecord], english);
    expect(text.endsWith("\n\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    expect(lines).toEqual([
      "EU B-ORG",
      "rejects O",
      "German B-MISC",
      "call O",
      "; O",
      "U.S. B-LOC",
      "envoy O",
      "Bill B-PER",
      "Clinton I-PER",
      "'s O",
      "aide O",
      "met O",
      "AT&T B-ORG",
      "in O",
      "New B-LOC",
      "York I-LOC",
      ". O",
    ]);
  });

  it("conll tags Chinese by character, every mention of a repeated entity", () => {
    const tags = exportFormatWriters.conll.render([chineseRecord], chinese).trimEnd().split("\n");
    expect(tags.slice(0, 8)).toEqual([
      "叶 B-name",
      "老 I-name",
      "桂 I-name",
      "在 O",
      "浙 B-company",
      "商 I-company",
      "银 I-company",
      "行 I-company",
    ]);
    expect(tags.slice(8, 10)).toEqual(["北 B-address", "京 I-address"]);
    expect(tags.filter((line) => line.endsWith("B-name"))).toHaveLength(2);
    expect(tags).toContain("😀 O");
  });

  it("hf-ner writes tokens, tag indexes into the tag names, and code-point offsets", () => {
    const writer = exportFormatWriters["hf-ner"];
    const names = JSON.parse(writer.sidecar!.render(chinese)) as string[];
    expect(names).toEqual(["O", "B-name", "I-name", "B-address", "I-address", "B-company", "I-company"]);
    const row = JSON.parse(writer.render([chineseRecord], chinese)) as {
      tokens: string[];
      ner_tags: number[];
      offsets: [number, number][];
      entities: { start: number; end: number; label: string; text: string }[];
    };
    expect(row.tokens).toHaveLength([...chineseRecord.text].length);
    expect(row.ner_tags.slice(0, 4)).toEqual([1, 2, 2, 0]);
    const codePoints = [...chineseRecord.text];
    for (const entity of row.entities) {
      expect(codePoints.slice(entity.start, entity.end).join("")).toBe(entity.text);
    }
    // The second 叶老桂 comes after the emoji: its offset counts the emoji as one character.
    expect(row.entities.at(-1)).toEqual({ start: 16, end: 19, label: "name", text: "叶老桂" });
    row.tokens.forEach((token, index) => {
      expect(codePoints.slice(row.offsets[index]![0], row.offsets[index]![1]).join("")).toBe(token);
    });
  });

  it("spacy writes [text, {entities: [[start, end, label]]}] with code-point offsets", () => {
    const rows = JSON.parse(exportFormatWriters.spacy.render([englishRecord], english)) as [
      string,
      { entities: [number, number, string][] },
    ][];
    const [text, annotations] = rows[0]!;
    expect(text).toBe(englishRecord.text);
    expect(annotations.entities.map(([start, end, label]) => [text.slice(start, end), label])).toEqual([
      ["EU", "ORG"],
      ["German", "MISC"],
      ["U.S.", "LOC"],
      ["Bill Clinton", "PER"],
      ["AT&T", "ORG"],
      ["New York", "LOC"],
    ]);
  });

  it("refuses, in one sentence naming the record, entities that are not spans of the text", () => {
    const bad = { text: "Obama spoke.", entities: [{ text: "Barack Obama", type: "PER" }] };
    expect(() => exportFormatWriters.conll.render([englishRecord, bad], english)).toThrow(
      /^record 2 of the export: its entities cannot be written as spans \(span-not-in-text: "Barack Obama"/,
    );
    expect(() => exportFormatWriters.spacy.render([bad], { ...english, entities: undefined })).toThrow(
      /need an entity list in output.schema/,
    );
  });
});
