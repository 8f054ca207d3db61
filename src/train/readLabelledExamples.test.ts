import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseLabelMap, readLabelledExamples, stratifiedSample } from "./readLabelledExamples.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-labelled-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

describe("readLabelledExamples", () => {
  it("reads a headerless TSV like yelp_labelled.txt and maps its labels", async () => {
    const file = write("yelp.txt", "Wow... Loved this place.\t1\nCrust is not good.\t0\n");
    const examples = await readLabelledExamples(file, {
      labelMap: { "1": "positive", "0": "negative" },
      labels: ["negative", "positive"],
    });
    expect(examples).toEqual([
      { text: "Wow... Loved this place.", label: "positive" },
      { text: "Crust is not good.", label: "negative" },
    ]);
  });

  it("maps named CSV columns", async () => {
    const file = write("waimai.csv", 'label,review\n1,"很好吃"\n0,"太慢了"\n');
    const examples = await readLabelledExamples(file, { textColumn: "review", labelColumn: "label" });
    expect(examples.map((example) => example.label)).toEqual(["1", "0"]);
  });

  it("takes a structured answer (an entity list) as its JSON text, an empty list included", async () => {
    const file = write(
      "ner.jsonl",
      '{"text": "北京很大", "entities": [{"text": "北京", "type": "LOC"}]}\n{"text": "天很大", "entities": []}\n',
    );
    const examples = await readLabelledExamples(file, { labelColumn: "entities" });
    expect(examples).toEqual([
      { text: "北京很大", label: '[{"text":"北京","type":"LOC"}]' },
      { text: "天很大", label: "[]" },
    ]);
  });

  it("leaves out the texts it is told to (a generator's label examples) before sampling", async () => {
    const file = write(
      "intents.csv",
      "text,category\nWhere is my card?,card_arrival\n When will it come?,card_arrival\nRate for euros?,exchange_rate\n",
    );
    const examples = await readLabelledExamples(file, {
      labelColumn: "category",
      exclude: ["When will it come?", "Never in the file"],
    });
    expect(examples.map((example) => example.text)).toEqual(["Where is my card?", "Rate for euros?"]);
    await expect(
      readLabelledExamples(file, {
        labelColumn: "category",
        exclude: ["Where is my card?", "When will it come?", "Rate for euros?"],
      }),
    ).rejects.toThrow(/intents\.csv: has no examples left once those to exclude are/);
  });

  it("names the file and line of a label outside the model's label set", async () => {
    const file = write("bad.jsonl", '{"text": "a", "label": "positive"}\n{"text": "b", "label": "meh"}\n');
    await expect(readLabelledExamples(file, { labels: ["negative", "positive"] })).rejects.toThrow(
      /bad\.jsonl:2: label "meh" is not one of negative, positive/,
    );
  });

  it("names a missing column and the columns there are", async () => {
    const file = write("columns.csv", "sentence,score\nfine,1\n");
    await expect(readLabelledExamples(file)).rejects.toThrow(
      /has no column "text" \(columns: sentence, score\)/,
    );
  });
});

describe("stratifiedSample", () => {
  it("keeps each label's share and is seeded", () => {
    const examples = Array.from({ length: 100 }, (_, index) => ({
      text: String(index),
      label: index < 80 ? "a" : "b",
    }));
    const sample = stratifiedSample(examples, 10, 1);
    expect(sample).toHaveLength(10);
    expect(sample.filter((example) => example.label === "b")).toHaveLength(2);
    expect(stratifiedSample(examples, 10, 1)).toEqual(sample);
  });
});

describe("parseLabelMap", () => {
  it("parses pairs and rejects malformed text", () => {
    expect(parseLabelMap("1=positive, 0=negative")).toEqual({ "1": "positive", "0": "negative" });
    expect(parseLabelMap("positive")).toBeUndefined();
  });
});
