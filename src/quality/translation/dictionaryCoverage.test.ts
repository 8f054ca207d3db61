import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { englishStem, readDictionaryFile } from "../lexicon/chineseEnglishDictionary.js";
import { dictionaryCoverage, dictionaryWords } from "./dictionaryCoverage.js";

describe("englishStem", () => {
  it("gives a word's forms one stem", () => {
    expect(new Set(["reduce", "reduced", "reduces", "reducing"].map(englishStem)).size).toBe(1);
    expect(englishStem("cities")).toBe(englishStem("city"));
    expect(englishStem("governments")).toBe(englishStem("government"));
    expect(englishStem("train")).not.toBe(englishStem("rain"));
  });
});

describe("dictionaryCoverage", () => {
  it("splits Chinese into dictionary words, longest first", () => {
    expect(dictionaryWords("火车晚点了二十分钟。")).toEqual(["火车", "晚点", "了", "二十", "分钟"]);
  });

  it("counts the words of each side the dictionary finds translated on the other", () => {
    const coverage = dictionaryCoverage("火车晚点了二十分钟。", "The train was twenty minutes late.");
    // 火车 train, 晚点 late, 二十 twenty, 分钟 minute; 了 is a function character, left out.
    expect(coverage.chinese).toEqual({ words: 4, covered: 4 });
    expect(coverage.english).toEqual({ words: 4, covered: 4 });
    const other = dictionaryCoverage("火车晚点了二十分钟。", "The museum opens in spring.");
    expect(other.chinese.covered).toBe(0);
    expect(other.english.covered).toBe(0);
  });
});

describe("the dictionary file", () => {
  it("is refused, naming the file and both hashes, when it is not the pinned CC-CEDICT", () => {
    const file = path.join(os.tmpdir(), `cedict-${process.pid}.js`);
    writeFileSync(file, "module.exports = `中国 中国 [Zhong1 guo2] /China/`;");
    expect(() => readDictionaryFile(file)).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: sha256 [0-9a-f]{64}, expected 0e377bcc`),
    );
  });
});
