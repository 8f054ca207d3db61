import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { describeOnRealData } from "../../../test/fixtures/quality/realData.js";
import { sampleRows, waimaiRows, yelpRows } from "../../../test/fixtures/quality/reviewRows.js";
import { captureOutput } from "../../../test/support/captureOutput.js";
import type { QualityReport } from "../../quality/QualityReport.js";
import { main } from "../main.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-check-cli-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function write(name: string, content: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

const csvCell = (text: string) => `"${text.replaceAll('"', '""')}"`;
const english = [
  "The noodles arrived hot and the broth was rich, I will order again next week",
  "Delivery took two hours and the rice was cold and hard when it arrived",
  "Friendly driver, neat packaging, and the dumplings were perfect as always",
  "Too salty, the soup was mostly oil and the portion was tiny for the price",
  "Great value for money, the curry had real depth and the naan was fresh",
  "The order was missing the drinks and nobody answered the phone at the shop",
];

describe("synthforge check on a user's file", () => {
  it("maps columns by flag, prints one gate table, and exits 5 naming the failed gate", async () => {
    // Every text three times: the duplicate rate (2/3) fails its gate (≤ 0.1).
    const rows = [...english, ...english, ...english].map((text, index) => ({ body: text, y: index % 2 }));
    const file = write(
      "dupes.csv",
      `id,body,y\n${rows.map((row, index) => `${index},${csvCell(row.body)},${row.y}`).join("\n")}\n`,
    );
    const { out, err } = captureOutput();
    const code = await main([
      "node",
      "synthforge",
      "check",
      file,
      "--text-column",
      "body",
      "--label-column",
      "y",
      "--report-dir",
      path.join(directory, "dupes-report"),
    ]);
    expect(code).toBe(5);
    const printed = out.join("");
    expect(printed.match(/^metric +value +threshold +result$/gm)).toHaveLength(1);
    expect(printed).toMatch(/duplicate rate +0\.6667 +<= 0\.1000 +fail/);
    expect(err.join("")).toMatch(/Quality gate failed: duplicateRate is 0\.6667, needs <= 0\.1/);
    const report = JSON.parse(
      readFileSync(path.join(directory, "dupes-report", "report.json"), "utf8"),
    ) as QualityReport;
    expect(report.counts).toMatchObject({ records: 18, accepted: 6 });
    expect(report.metrics.labels?.values.map((value) => value.value).sort()).toEqual(["0", "1"]);
  });

  it("names the file and the missing column when a mapping is wrong", async () => {
    const file = write("plain.jsonl", english.map((text) => JSON.stringify({ text })).join("\n"));
    const { err } = captureOutput();
    expect(await main(["node", "synthforge", "check", file, "--text-column", "content"])).toBe(2);
    expect(err.join("")).toMatch(/plain\.jsonl:1: has no text column "content"; its columns are text/);
  });

  it("stops a long check on SIGTERM with exit 130 and one sentence, writing no report", async () => {
    // 40 records of about 600,000 characters: seconds of segmentation, during which the
    // signal handler must still get its turn.
    const long = english.join(" ").repeat(8000);
    const file = write(
      "long.jsonl",
      Array.from({ length: 40 }, (_, index) => JSON.stringify({ text: `${index} ${long}` })).join("\n"),
    );
    const reportDir = path.join(directory, "long-report");
    const { err } = captureOutput();
    setTimeout(() => process.emit("SIGTERM"), 50);
    const code = await main(["node", "synthforge", "check", file, "--report-dir", reportDir]);
    expect(code).toBe(130);
    expect(err.join("")).toMatch(/^error: Cancelled[^\n]*\n$/m);
    expect(err.join("")).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(reportDir)).toBe(false);
  });
});

describeOnRealData("synthforge check on ../shared/data", () => {
  it("takes the columns and the reference corpus from a recipe (Chinese), and passes", async () => {
    const rows = sampleRows(waimaiRows(), 1200, 5);
    const file = write(
      "waimai.jsonl",
      rows
        .slice(0, 400)
        .map((row) => JSON.stringify({ comment: row.text, sentiment: row.label }))
        .join("\n"),
    );
    write(
      "waimai-reference.tsv",
      `review\tlabel\n${rows
        .slice(400)
        .map((row) => `${row.text.replaceAll("\t", " ")}\t${row.label}`)
        .join("\n")}\n`,
    );
    const recipe = write(
      "waimai.yaml",
      `name: waimai
language: zh
output:
  schema:
    type: object
    properties:
      comment: {type: string}
      sentiment: {type: string, enum: [positive, negative]}
  textField: comment
  labelField: sentiment
dimensions:
  sentiment: [positive, negative]
plan:
  count: 400
template:
  prompt: "写一条{{ sentiment }}的外卖评价。"
quality:
  reference:
    file: waimai-reference.tsv
    textColumn: review
`,
    );
    const { out } = captureOutput();
    const reportDirectory = path.join(directory, "waimai-report");
    expect(
      await main(["node", "synthforge", "check", file, "--recipe", recipe, "--report-dir", reportDirectory]),
    ).toBe(0);
    const report = JSON.parse(
      readFileSync(path.join(reportDirectory, "report.json"), "utf8"),
    ) as QualityReport;
    expect(report.language).toBe("zh");
    expect(report.reference?.records).toBe(800);
    // Two samples of the same corpus: the classifier cannot tell them apart.
    expect(report.adversarial!.auc).toBeLessThan(0.65);
    expect(report.domainTermRatio?.lexiconSource).toBe("reference");
    expect(report.domainTermRatio!.value).toBeGreaterThan(0.7);
    expect(out.join("")).toMatch(/domain-term ratio +0\.\d+ +>= 0\.7000 +pass/);
    // Two samples of one corpus at the same count are about as varied as each other.
    expect(report.variety!.ratio.distinct2).toBeGreaterThan(0.95);
    expect(report.variety!.ratio.distinct2).toBeLessThan(1.05);
    expect(out.join("")).toMatch(
      /Variety at \d+ texts each: distinct-2 0\.\d{3} \(reference 0\.\d{3}, (0\.9\d|1\.0\d)x\)/,
    );
  });

  it("tells English yelp sentences from Chinese waimai reviews (AUC near 1) and fails that gate", async () => {
    const file = write(
      "yelp.jsonl",
      yelpRows()
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    const reference = write(
      "waimai.csv",
      `label,review\n${sampleRows(waimaiRows(), 1000, 3)
        .map((row) => `${row.label},${csvCell(row.text)}`)
        .join("\n")}\n`,
    );
    const { out, err } = captureOutput();
    expect(
      await main([
        "node",
        "synthforge",
        "check",
        file,
        "--reference",
        reference,
        "--reference-text-column",
        "review",
        "--report-dir",
        path.join(directory, "yelp-report"),
      ]),
    ).toBe(5);
    expect(out.join("")).toMatch(/adversarial ROC AUC +(0\.99\d\d|1) +<= 0\.7500 +fail/);
    expect(err.join("")).toMatch(/adversarialAuc is (0\.99\d*|1), needs <= 0\.75/);
  });
});
