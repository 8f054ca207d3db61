// `check` with the worker's evaluation toolchain on real encoders and parsers read from their
// registry wheels: BERTScore of a field pair beside its shuffled pairs, the syntax check's
// rejections, semantic spread and the transformer discriminator against real reviews, for
// English (all-MiniLM-L6-v2, spaCy) and Chinese (the Qwen teacher's hidden states, UDPipe).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { checkDataset } from "../../src/quality/checkDataset.js";
import { formatWorkerChecks } from "../../src/quality/worker/formatWorkerChecks.js";
import { describeOnRealData } from "../fixtures/quality/realData.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-worker-checks-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const recipeFor = (language: string) =>
  parseRecipe(
    `name: paraphrases
language: ${language}
output:
  schema:
    type: object
    properties:
      text: {type: string}
      source: {type: string}
    required: [text, source]
plan:
  count: 10
template:
  prompt: "Paraphrase {{ source }}."
quality:
  bertScore: { pairs: [[text, source]], minMargin: 0.05 }
  syntax: true
  semanticSpread: true
  discriminator: true
  gates: { bertScore: 0.5, entropy: null, domainTermRatio: null, duplicateRate: null, adversarialAuc: null }
`,
    path.join(directory, "recipe.yaml"),
  ).recipe;

const english: [string, string][] = [
  ["The food was great and the staff were friendly.", "The meal was excellent and the waiters were kind."],
  ["I will never come back here.", "I am not returning to this place ever."],
  ["The pasta was cold and bland.", "The noodles were bland and not warm."],
  ["Service was quick.", "They served us fast."],
  ["The dessert menu is too small.", "There are too few desserts to choose from."],
  ["Parking near the restaurant is impossible.", "You cannot find a parking spot close to the restaurant."],
  ["Our waitress forgot the drinks twice.", "The server failed to bring our drinks two times."],
  ["Prices are fair for the portion size.", "The cost is reasonable given how much food you get."],
  ["The soup arrived lukewarm and salty.", "My soup came barely warm and far too salty."],
  ["We waited an hour for a table.", "It took sixty minutes before we were seated."],
  ["A table by the window.", "We sat at a table by the window."],
];

const chinese: [string, string][] = [
  ["送餐很快，饭菜还是热的。", "外卖送得很及时，菜到的时候还热着。"],
  ["味道太咸了，下次不会再点。", "菜做得过咸，以后不点这家了。"],
  ["包装很精致，分量也足。", "包装做得很好，量也很多。"],
  ["等了两个小时才送到，太慢了。", "两个小时后才送来，速度太慢。"],
  ["米饭夹生，很难吃。", "米饭没煮熟，口感很差。"],
  ["服务态度很好，骑手很有礼貌。", "骑手很客气，服务不错。"],
  ["价格实惠，性价比高。", "东西便宜，很划算。"],
  ["汤洒了一半，很失望。", "汤漏出来一半，让人失望。"],
  ["土豆丝这个", "土豆丝这个菜很好吃。"],
];

function writeData(name: string, pairs: [string, string][]): string {
  const file = path.join(directory, name);
  writeFileSync(file, pairs.map(([text, source]) => JSON.stringify({ text, source })).join("\n"));
  return file;
}

describeOnRealData("check with the worker's model-based checks", (data) => {
  it("reports English BERTScore beside shuffled pairs, rejects a fragment, and runs spread and the discriminator", async () => {
    const reference = path.join(directory, "yelp.tsv");
    const lines = readFileSync(data.yelp, "utf8").split("\n").filter(Boolean).slice(0, 60);
    writeFileSync(reference, `text\tlabel\n${lines.join("\n")}\n`);
    const { report } = await checkDataset({
      file: writeData("en.jsonl", english),
      recipe: recipeFor("en"),
      recipeDirectory: directory,
      reference: { file: reference },
    });
    const bert = report.bertScore!;
    expect(bert.encoder).toContain("all-MiniLM-L6-v2");
    expect(bert.layer).toBe(6);
    expect(bert.pairs).toBe(english.length - 1); // the fragment was rejected by the syntax check first
    expect(bert.meanF1! - bert.shuffledMeanF1!).toBeGreaterThan(0.2);
    expect(report.gates.find((gate) => gate.gate === "bertScore")?.status).toBe("pass");
    expect(report.syntax?.rejected).toBe(1);
    expect(report.counts.rejectedByReason.syntax).toBe(1);
    expect(report.semanticSpread?.k).toBe(10);
    expect(report.discriminator?.folds).toBe(5);
    expect(report.discriminator?.auc).toBeGreaterThan(0);
    expect(formatWorkerChecks(report)[0]).toMatch(
      /^BERTScore F1 0\.\d{4} over 10 pairs \(shuffled pairs 0\.\d{4}, margin/,
    );
  }, 600_000);

  it("reports Chinese BERTScore on the Qwen teacher's hidden states, rejects a Chinese fragment and runs the discriminator", async () => {
    const reference = path.join(directory, "waimai.csv");
    const rows = readFileSync(data.waimai, "utf8").split("\n").filter(Boolean).slice(0, 41);
    writeFileSync(reference, `${rows.join("\n")}\n`);
    const { report } = await checkDataset({
      file: writeData("zh.jsonl", chinese),
      recipe: recipeFor("zh"),
      recipeDirectory: directory,
      reference: { file: reference, textColumn: "review", labelColumn: "label" },
    });
    const bert = report.bertScore!;
    expect(bert.encoder).toContain("qwen2.5-coder-0.5b-instruct");
    expect(bert.layer).toBe(8);
    expect(bert.meanF1! - bert.shuffledMeanF1!).toBeGreaterThan(0.05);
    expect(report.syntax?.rejected).toBe(1);
    expect(report.syntax?.examples[0]?.text).toBe("土豆丝这个");
    expect(report.semanticSpread?.entropy).toBeGreaterThan(1);
    // The 0.5B teacher is not fine-tuned on a CPU: its frozen hidden states feed a logistic regression.
    expect(report.discriminator?.method).toBe("frozen hidden states + logistic regression");
    expect(report.discriminator?.sampled).toEqual({ real: 40, generated: chinese.length - 1 });
  }, 600_000);
});
