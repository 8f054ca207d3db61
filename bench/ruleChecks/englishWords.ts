// The `language` check's English-word rule for Chinese review text, on real Chinese written by
// people (../shared/data): how many texts hold a word it rejects, each Latin word of five
// letters or more read as a Chinese review field would be, set in Chinese padding (so that a
// text with little Chinese, which the script share rejects first, still shows what the word
// rule does). Every rejection of a real text is a false
// positive where the texts are reviews (waimai); the other sets, news (CLUENER), medical
// questions (KUAKE-QIC, cMedQA NER) and WMT's Chinese side, are no review field's text, and
// show what the rule reads as English elsewhere. Writes results/englishWords.json beside this file.
//
//   npx tsx bench/ruleChecks/englishWords.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkRecordText } from "../../src/quality/filters/checkRecordText.js";
import { jsonLines, readDevelopmentFile } from "../support/developmentData.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (name: string) => readDevelopmentFile("bench/ruleChecks/englishWords", name);
const sets: Record<string, string[]> = {
  "waimai reviews": read("waimai_10k.csv")
    .split("\n")
    .slice(1)
    .map((line) => line.slice(line.indexOf(",") + 1))
    .filter(Boolean),
  "CLUENER news": jsonLines(read("cluener_train.json")).map((row) => row.text),
  "KUAKE-QIC queries": JSON.parse(read("kuake_qic_train.json")).map((row: { query: string }) => row.query),
  "cMedQA NER questions": jsonLines(read("cmedqaner_train.jsonl")).map((row) => row.text),
  "WMT newsdev zh": read("wmt_zhen_dev.zh").split("\n").filter(Boolean),
};
const review = { language: "zh", kind: "review" } as const;
const padding = "这家店的菜量很足，味道也不错，送餐的小哥很有礼貌，包装也很干净，下次还会再来点".repeat(2);
/** The English word the rule finds in `text`, read alone in Chinese padding. */
const englishWord = (text: string) => {
  for (const [word] of text.matchAll(/[A-Za-z]{5,}/gu)) {
    const decisions = checkRecordText(`${padding}${word}了${padding}`, review);
    if (decisions.some((decision) => decision.check === "language" && decision.decision === "reject"))
      return word;
  }
  return undefined;
};
const rows = Object.entries(sets).map(([name, texts]) => {
  const words = texts.map(englishWord).filter((word): word is string => word !== undefined);
  const row = {
    set: name,
    texts: texts.length,
    withEnglishWord: words.length,
    words: [...new Set(words)].slice(0, 40),
  };
  console.log(
    `${name}: ${texts.length} texts, ${words.length} with an English word (${row.words.slice(0, 12).join(", ")})`,
  );
  return row;
});
writeFileSync(
  path.join(here, "results", "englishWords.json"),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2)}\n`,
);
