import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeOnRealData } from "../../test/fixtures/quality/realData.js";
import { InputFileError } from "../core/errors/InputFileError.js";
import { readTable } from "../core/fs/readTable.js";
import { createFakeModel } from "../providers/fake/createFakeModel.js";
import { checkDataset } from "./checkDataset.js";
import { createJudge } from "./judge/createJudge.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-check-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const target = path.join(directory, name);
  writeFileSync(target, content);
  return target;
}

describe("readTable", () => {
  it("reads a headerless TSV as text and label", async () => {
    const table = await readTable(file("a.txt", "Loved it.\t1\nCold food.\t0\n"));
    expect(table.columns).toEqual(["text", "label"]);
    expect(table.rows[1]).toEqual({ line: 2, values: { text: "Cold food.", label: "0" } });
  });

  it("names the file and line of a bad JSONL line or a short CSV row", async () => {
    await expect(readTable(file("b.jsonl", '{"text":"ok"}\n[1,2]\n'))).rejects.toThrow(
      /b\.jsonl:2: is not a JSON object/,
    );
    await expect(readTable(file("c.csv", "text,label\nfine,1\nbroken\n"))).rejects.toThrow(InputFileError);
    await expect(readTable(file("c.csv", "text,label\nfine,1\nbroken\n"))).rejects.toThrow(/c\.csv:3/);
  });
});

describe("checkDataset", () => {
  it("checks a user's JSONL file without a run", async () => {
    const lines = [
      { text: "The food was great", label: "pos" },
      { text: "The food was great", label: "pos" },
      { text: "", label: "neg" },
      { text: "Terrible service, cold soup", label: "neg" },
    ];
    const { report } = await checkDataset({
      file: file("d.jsonl", lines.map((line) => JSON.stringify(line)).join("\n")),
    });
    expect(report.language).toBe("en");
    expect(report.schemaValidity).toEqual({ valid: 3, total: 4, value: 0.75 });
    expect(report.counts.accepted).toBe(2);
    expect(report.gates.find((gate) => gate.gate === "schemaValidity")?.status).toBe("fail");
  });
});

describe("checkDataset with a judge (check --judge)", () => {
  it("asks the judge about every record that passed the filters, four at a time, and rejects those it refutes", async () => {
    const texts = [
      "Great food and kind staff.",
      "Cold soup and a rude waiter.",
      "Lovely terrace at sunset.",
      "The bread was stale.",
      "Fast delivery, hot pizza.",
      "Noisy room, thin walls.",
    ];
    const lines = texts.map((text, index) => ({ text, label: index % 2 === 0 ? "positive" : "negative" }));
    // The judge answers each text's true label, except that it calls "The bread was stale." positive.
    const model = createFakeModel({
      parallelism: 4,
      respond: (request) => {
        const prompt = request.messages.at(-1)!.content;
        const text = texts.find((each) => prompt.includes(each)) ?? "";
        const index = texts.indexOf(text);
        return { label: index % 2 === 0 || text.includes("bread") ? "positive" : "negative" };
      },
    });
    const { report, outcome } = await checkDataset({
      file: file("judged.jsonl", lines.map((line) => JSON.stringify(line)).join("\n")),
      judge: (labels) =>
        createJudge({
          model,
          brief: { task: "classification", description: "Restaurant reviews.", language: "en" },
          settings: {
            votes: 3,
            minimumAgreement: 2,
            temperature: 0.7,
            rubric: { mode: "off", threshold: 3 },
          },
          labelField: "label",
          labels,
        }),
    });
    expect(report.counts.accepted).toBe(5);
    expect(report.counts.rejectedByReason["label-vote"]).toBe(1);
    expect(outcome.verdicts[3]).toMatchObject({ status: "rejected", reason: "label-vote" });
    expect(outcome.kept).not.toContain(3);
    expect(model.requests).toHaveLength(3 * texts.length);
    expect(model.maxInFlight).toBeLessThanOrEqual(4);
  });
});

describeOnRealData("checkDataset on ../shared/data", (data) => {
  it("measures waimai (Chinese) as more diverse than yelp (English) and extracts food terms", async () => {
    const waimai = (await checkDataset({ file: data.waimai, reference: { file: data.waimai } })).report;
    const yelp = (await checkDataset({ file: data.yelp })).report;
    expect(waimai.language).toBe("zh");
    expect(yelp.language).toBe("en");
    expect(waimai.metrics.diversity.entropy).toBeGreaterThan(yelp.metrics.diversity.entropy);
    expect(yelp.metrics.diversity.entropy).toBeGreaterThan(3.8);
    expect(yelp.metrics.diversity.normalizedEntropy).toBeGreaterThan(0.7);
    expect(waimai.metrics.labels?.values.map((entry) => entry.value).sort()).toEqual(["0", "1"]);
    const terms = waimai.domainTermRatio!.terms.map((term) => term.term);
    expect(terms).toEqual(expect.arrayContaining(["味道", "好吃"]));
    expect(terms).not.toContain("的");
    expect(waimai.domainTermRatio!.value).toBeGreaterThan(0.99);
    expect(waimai.filters.sensitive.hitsByType["china-mobile"]).toBeGreaterThan(0);
  }, 120_000);
});
