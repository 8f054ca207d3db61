import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { phraseList, phraseListNames, phrasesDirectory, readPhraseFile } from "./phraseLists.js";

describe("phrase lists", () => {
  it("ship one file per list and language, every entry with where it came from", () => {
    const files = readdirSync(phrasesDirectory()).filter((file) => file.endsWith(".json"));
    expect(files.sort()).toEqual(
      phraseListNames.flatMap((name) => [`${name}.en.json`, `${name}.zh.json`]).sort(),
    );
    for (const file of files) {
      const { description, entries } = JSON.parse(readFileSync(path.join(phrasesDirectory(), file), "utf8"));
      expect(description, file).toBeTypeOf("string");
      for (const entry of entries)
        expect(entry.source.length, `${file}: ${entry.pattern}`).toBeGreaterThan(10);
      expect(readPhraseFile(file).length).toBe(entries.length);
    }
  });

  it("are read from the package whether the code runs from src/ or dist/", () => {
    expect(phrasesDirectory()).toBe(
      path.resolve(import.meta.dirname, "..", "..", "..", "src", "quality", "phrases"),
    );
    expect(phraseList("voice").some((pattern) => pattern.test("本店新品上市"))).toBe(true);
  });

  it("name the file when one cannot be read", () => {
    expect(() => readPhraseFile("missing.en.json")).toThrow(/missing\.en\.json/);
  });
});
