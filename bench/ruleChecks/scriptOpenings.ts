// The script patterns decoding holds (src/core/text/scriptPatterns.ts) on real text written by
// people (../shared/data): the share of real Chinese sentences that do not open as the pattern
// for a Chinese field asks (a generated field cannot open that way), and the share of real English
// sentences the pattern for the English side of a Chinese pair forbids: a Han character (which
// the language check rejects anyway), CJK punctuation or a full-width form, or an opening space
// (English texts are read untrimmed). Writes results/scriptOpenings.json beside this file.
//
//   npx tsx bench/ruleChecks/scriptOpenings.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { chineseOpening, latinBesideChinese } from "../../src/core/text/scriptPatterns.js";
import { jsonLines, readDevelopmentFile } from "../support/developmentData.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (name: string) => readDevelopmentFile("bench/ruleChecks/scriptOpenings", name);
const chinese: Record<string, string[]> = {
  "KUAKE-QIC queries": JSON.parse(read("kuake_qic_train.json")).map((row: { query: string }) => row.query),
  "cMedQANER texts": jsonLines(read("cmedqaner_train.jsonl")).map((row) => row.text),
  "WMT19 newsdev zh": read("wmt_zhen_dev.zh").split("\n"),
  "waimai reviews": (parse(read("waimai_10k.csv"), { columns: true }) as { review: string }[]).map(
    (row) => row.review,
  ),
  "CLUENER news windows": jsonLines(read("cluener_train.json")).map((row) => row.text),
};
const english: Record<string, string[]> = {
  "WMT19 newsdev en": read("wmt_zhen_dev.en").split("\n"),
  "banking77 train queries": (
    parse(read("banking77_train.csv"), { columns: true }) as { text: string }[]
  ).map((row) => row.text),
  "Yelp reviews": read("yelp_labelled.txt")
    .split("\n")
    .map((line) => line.replace(/\t[01]\s*$/u, "")),
};
const opens = new RegExp(chineseOpening, "u");
const besideChinese = new RegExp(latinBesideChinese, "u");
const rows: Record<string, unknown>[] = [];
const measure = (set: string, texts: string[], pattern: RegExp, rule: string, trim = true) => {
  const real = texts.map((text) => (trim ? text.trim() : text)).filter((text) => text.trim() !== "");
  const outside = real.filter((text) => !pattern.test(text));
  const share = outside.length / real.length;
  rows.push({ set, rule, texts: real.length, outside: outside.length, share, examples: outside.slice(0, 5) });
  console.log(
    `${set.padEnd(26)} ${rule.padEnd(16)} ${String(outside.length).padStart(4)} of ${String(real.length).padStart(6)} (${(100 * share).toFixed(2)}%)  e.g. ${outside
      .slice(0, 3)
      .map((text) => JSON.stringify(text.slice(0, 24)))
      .join(", ")}`,
  );
};
console.log("real texts the decoding pattern would not let a generated field write:");
for (const [set, texts] of Object.entries(chinese)) measure(set, texts, opens, "chineseOpening");
for (const [set, texts] of Object.entries(english))
  measure(set, texts, besideChinese, "latinBesideChinese", false);
const out = path.join(here, "results", "scriptOpenings.json");
writeFileSync(out, `${JSON.stringify({ chineseOpening, latinBesideChinese, rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
