// A phrase list of the rule checks on text whose truth is known: real texts written by people
// (../shared/data), where every match is a false rejection for the field kinds that read the list
// (a customer's message, a patient's question, a review), and records of the 1.5B teacher read by
// hand (files of {text, label, good, why}): how many sound and how many bad ones match, and how
// many of those marked with a "voice" reason. Marked files not read while the list was written
// are the held-out measure. Writes results/<list>.json beside this file.
//
//   npx tsx bench/ruleChecks/phraseListMatches.ts [list: offers-help] [marked JSONL files...]
//     offers-help (default marked file: bench/annotate/marked-intent-en.jsonl)
//     advises-reader (cMedQANER holds doctors' answers beside patients' questions: its matches
//       are answers, the class the list is for; KUAKE-QIC's queries are patients' own)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { type PhraseListName, phraseList, phraseListNames } from "../../src/quality/phrases/phraseLists.js";
import { jsonLines, readDevelopmentFile } from "../support/developmentData.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (name: string) => readDevelopmentFile("bench/ruleChecks/phraseListMatches", name);
const conllSentences = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split("\n")
        .map((line) => line.split(" ")[0] ?? "")
        .filter((token) => token !== "" && token !== "-DOCSTART-")
        .join(" "),
    )
    .filter(Boolean);
const real: Record<string, string[]> = {
  "banking77 train queries": (
    parse(read("banking77_train.csv"), { columns: true }) as { text: string }[]
  ).map((row) => row.text),
  "Yelp sentences": read("yelp_labelled.txt")
    .split("\n")
    .map((line) => line.split("\t")[0] ?? "")
    .filter(Boolean),
  "CoNLL-2003 train sentences": conllSentences(read("conll2003_train.txt")),
  "WMT newsdev en": read("wmt_zhen_dev.en").split("\n").filter(Boolean),
  "waimai reviews": read("waimai_10k.csv")
    .split("\n")
    .slice(1)
    .map((line) => line.slice(line.indexOf(",") + 1))
    .filter(Boolean),
  "KUAKE-QIC queries": JSON.parse(read("kuake_qic_train.json")).map((row: { query: string }) => row.query),
  "CLUENER news": jsonLines(read("cluener_train.json")).map((row) => row.text),
  "cMedQA NER questions": jsonLines(read("cmedqaner_train.jsonl")).map((row) => row.text),
  "WMT newsdev zh": read("wmt_zhen_dev.zh").split("\n").filter(Boolean),
};
const [listArgument = "offers-help", ...markedArguments] = process.argv.slice(2);
if (!(phraseListNames as readonly string[]).includes(listArgument))
  throw new Error(`expected a phrase list name (${phraseListNames.join(", ")}), got "${listArgument}"`);
const listName = listArgument as PhraseListName;
const patterns = phraseList(listName);
const matching = (text: string) => patterns.find((pattern) => pattern.test(text));
const rows: Record<string, unknown>[] = [];
for (const [name, texts] of Object.entries(real)) {
  const hits = texts.filter((text) => matching(text) !== undefined);
  console.log(
    `${name}: ${hits.length} of ${texts.length} real texts match${hits.length ? `: ${hits.slice(0, 3).join(" | ")}` : ""}`,
  );
  rows.push({ set: name, texts: texts.length, matched: hits.length, examples: hits.slice(0, 10) });
}
interface Marked {
  text: string;
  good: boolean;
  why?: string;
}
const markedFiles = [
  ...(listName === "offers-help" ? [path.join(here, "..", "annotate", "marked-intent-en.jsonl")] : []),
  ...markedArguments,
];
for (const file of markedFiles) {
  const records = jsonLines<Marked>(readFileSync(file, "utf8"));
  const bad = records.filter((record) => !record.good);
  const voiced = bad.filter((record) => /voice/.test(record.why ?? ""));
  const caught = (list: Marked[]) => list.filter((record) => matching(record.text) !== undefined).length;
  const row = {
    set: path.relative(path.resolve(here, "../.."), file),
    records: records.length,
    goodMatched: caught(records.filter((record) => record.good)),
    good: records.length - bad.length,
    badMatched: caught(bad),
    bad: bad.length,
    agentVoiceMatched: caught(voiced),
    agentVoice: voiced.length,
  };
  console.log(
    `${row.set}: ${row.goodMatched} of ${row.good} sound records match; ${row.badMatched} of ${row.bad} bad ones, ${row.agentVoiceMatched} of the ${row.agentVoice} marked as another's voice (the bank's, an agent's, a doctor's)`,
  );
  rows.push(row);
}
writeFileSync(
  path.join(here, "results", `${listName}.json`),
  `${JSON.stringify({ list: listName, measuredAt: new Date().toISOString(), rows }, null, 2)}\n`,
);
