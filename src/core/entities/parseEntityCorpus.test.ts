import { describe, expect, it } from "vitest";
import { InputFileError } from "../errors/InputFileError.js";
import { parseEntityCorpus } from "./parseEntityCorpus.js";

describe("parseEntityCorpus", () => {
  it("reads CoNLL BIO sentences, joining tokens by spaces and chunking as conlleval does", () => {
    const content = [
      "-DOCSTART- -X- -X- O",
      "",
      "EU NNP B-NP B-ORG",
      "rejects VBZ B-VP O",
      "German JJ B-NP B-MISC",
      "call NN I-NP O",
      "",
      "Peter NNP B-NP B-PER",
      "Blackburn NNP B-NP I-PER",
      "in IN O O",
      "New NNP B-NP I-LOC",
      "York NNP I-NP I-LOC",
      "Paris NNP I-NP B-LOC",
      "",
    ].join("\n");
    const records = parseEntityCorpus(content, "conll", "dev.txt");
    expect(records.map((record) => record.text)).toEqual([
      "EU rejects German call",
      "Peter Blackburn in New York Paris",
    ]);
    expect(records[0]!.line).toBe(3);
    expect(records[1]!.entities).toEqual([
      { text: "Peter Blackburn", type: "PER" },
      // I-LOC after O opens an entity; B-LOC right after it opens the next one.
      { text: "New York", type: "LOC" },
      { text: "Paris", type: "LOC" },
    ]);
    expect(records[1]!.gold[1]).toEqual({ start: 19, end: 27, type: "LOC" });
  });

  it("names the line of a CoNLL token without a BIO tag", () => {
    expect(() => parseEntityCorpus("EU NNP B-NP B-ORG\nrejects\n", "conll", "dev.txt")).toThrow(
      /dev\.txt:2: expected a token and its BIO tag/,
    );
    expect(() => parseEntityCorpus("EU NNP B-NP ORG\n", "conll", "dev.txt")).toThrow(InputFileError);
  });

  it("reads CLUENER lines, end offsets inclusive, and names a span that misses its mention", () => {
    const line = JSON.stringify({
      text: "浙商银行企业信贷部叶老桂博士",
      label: { name: { 叶老桂: [[9, 11]] }, company: { 浙商银行: [[0, 3]] } },
    });
    const [record] = parseEntityCorpus(`${line}\n`, "cluener", "train.json");
    expect(record!.entities).toEqual([
      { text: "叶老桂", type: "name" },
      { text: "浙商银行", type: "company" },
    ]);
    expect(record!.gold).toEqual([
      { start: 0, end: 4, type: "company" },
      { start: 9, end: 12, type: "name" },
    ]);
    const wrong = JSON.stringify({ text: "浙商银行", label: { company: { 浙商银行: [[1, 4]] } } });
    expect(() => parseEntityCorpus(`${line}\n${wrong}\n`, "cluener", "train.json")).toThrow(
      /train\.json:2: mention "浙商银行" has span \[1,4\]/,
    );
  });

  it("reads mention_data lines, placing a mention whose stated offset misses the text where it occurs", () => {
    const line = JSON.stringify({
      text: "孩子感冒了，鼻塞流涕",
      mention_data: [
        { mention: "孩子", type: "crowd", offset: "0" },
        { mention: "感冒", type: "disease", offset: "7" },
      ],
    });
    const [record] = parseEntityCorpus(line, "mentions", "q.jsonl");
    expect(record!.gold).toEqual([
      { start: 0, end: 2, type: "crowd" },
      { start: 2, end: 4, type: "disease" },
    ]);
    expect(() => parseEntityCorpus("{not json\n", "mentions", "q.jsonl")).toThrow(
      /q\.jsonl:1: is not valid JSON/,
    );
    expect(() =>
      parseEntityCorpus('{"text": "感冒", "mention_data": [{"type": "disease"}]}', "mentions", "q.jsonl"),
    ).toThrow(/q\.jsonl:1: a mention_data item has no mention/);
  });
});
