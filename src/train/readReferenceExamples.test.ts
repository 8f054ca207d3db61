import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleExamples } from "./readLabelledExamples.js";
import {
  readEntityExamples,
  readInstructionExamples,
  readParallelExamples,
  readReferenceSet,
} from "./readReferenceExamples.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-reference-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

const conll = "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nIt PRP B-NP O\nrained VBD B-VP O\n";

describe("readEntityExamples", () => {
  it("gives each sentence its entity list as the JSON answer the student writes, empty ones included", async () => {
    const examples = await readEntityExamples(write("dev.txt", conll), "conll", {
      types: ["PER", "ORG", "LOC", "MISC"],
    });
    expect(examples).toEqual([
      { text: "EU rejects", label: '[{"text":"EU","type":"ORG"}]' },
      { text: "It rained", label: "[]" },
    ]);
  });

  it("renames types by the map and names the line of a type the recipe does not have", async () => {
    const file = write("dev2.txt", conll);
    const mapped = await readEntityExamples(file, "conll", { typeMap: { ORG: "organisation" } });
    expect(mapped[0]!.label).toBe('[{"text":"EU","type":"organisation"}]');
    await expect(readEntityExamples(file, "conll", { types: ["PER"] })).rejects.toThrow(
      /dev2\.txt:1: entity type "ORG" is not one of the recipe's \(PER\)/,
    );
  });
});

describe("readParallelExamples", () => {
  it("pairs line i of the source file with line i of the target file", async () => {
    const zh = write("news.zh", "今天天气很好\n火车晚点了\n");
    const en = write("news.en", "The weather is nice today\nThe train is late\n");
    expect(await readParallelExamples(zh, en)).toEqual([
      { text: "今天天气很好", label: "The weather is nice today" },
      { text: "火车晚点了", label: "The train is late" },
    ]);
    const en2 = write("news2.en", "The weather is nice today\n\n");
    await expect(readParallelExamples(zh, en2)).rejects.toThrow(
      /news2\.en:2: is empty while the other file's line is not/,
    );
    const en3 = write("news3.en", "One line\n");
    await expect(readParallelExamples(zh, en3)).rejects.toThrow(
      /news3\.en: has 1 lines but .*news\.zh has 2/,
    );
  });

  it("is what readReferenceSet reads when the reference names a targetFile", async () => {
    const zh = write("a.zh", "一\n二\n三\n");
    const en = write("a.en", "one\ntwo\nthree\n");
    expect(await readReferenceSet({ file: zh, targetFile: en }, { limit: 2 })).toHaveLength(2);
  });
});

describe("readInstructionExamples", () => {
  it("prompts with the instruction, then the input after a blank line when there is one, as training does", async () => {
    const file = write(
      "instructions.jsonl",
      [
        {
          instruction: "Rewrite it more concisely.",
          input: "If you have any questions, please do let me know.",
          output: "Questions? Let me know.",
        },
        { instruction: "早上好用英语怎么说？", input: "", output: "Good morning." },
      ]
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    expect(await readInstructionExamples(file)).toEqual([
      {
        text: "Rewrite it more concisely.\n\nIf you have any questions, please do let me know.",
        label: "Questions? Let me know.",
      },
      { text: "早上好用英语怎么说？", label: "Good morning." },
    ]);
    expect(await readReferenceSet({ file, format: "instruction" }, { limit: 1 })).toHaveLength(1);
  });

  it("names the line of a row with no answer", async () => {
    const file = write(
      "no-answer.jsonl",
      '{"instruction": "Say hi.", "output": "Hi."}\n{"instruction": "Say bye.", "input": ""}\n',
    );
    await expect(readInstructionExamples(file)).rejects.toThrow(
      /no-answer\.jsonl:2: field "output" is empty or missing/,
    );
  });
});

describe("sampleExamples", () => {
  it("takes a seeded sample in file order", () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    const sample = sampleExamples(items, 10, 42);
    expect(sample).toHaveLength(10);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
    expect(sampleExamples(items, 10, 42)).toEqual(sample);
    expect(sampleExamples(items, 10, 7)).not.toEqual(sample);
    expect(sampleExamples(items, 200, 42)).toEqual(items);
  });
});
