// The check of entity records against real annotations (`quality.entities`,
// src/quality/entities/realEntityLexicon.ts), measured where the truth is known:
//   - real sentences annotated by people, which it should keep (target: at most 2% rejected):
//     CoNLL-2003 dev checked against a lexicon of CoNLL-2003 train (as examples/ner-en.yaml
//     runs it), and for the Chinese sets one half of each train file checked against the other;
//   - generated records read and marked by hand (BENCH_MARKED, comma-separated JSONL files with
//     `text`, `entities`, `mark`: "bad" or "ok"), how many bad ones it catches and good ones it
//     rejects; every record is printed with what the check found, to be read.
//
//   npx tsx bench/ner/realLexicon.ts   (results/realLexicon.json)
//     BENCH_MIN_COUNT=3  BENCH_MIN_SHARE=0.9
//     BENCH_MARKED=bench/ner/marked-ner-en-15b.jsonl,bench/ner/marked-ner-en-15b-run2.jsonl
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findMentions, resolveEntitySpans } from "../../src/core/entities/entitySpans.js";
import type { EntityCorpusRecord } from "../../src/core/entities/parseEntityCorpus.js";
import {
  buildEntityLexicon,
  checkAgainstLexicon,
  type EntityLexicon,
} from "../../src/quality/entities/realEntityLexicon.js";
import { readCluener, readCmedqaner, readConll, sharedData } from "./realNer.js";

const minCount = Number(process.env.BENCH_MIN_COUNT ?? 3);
const minShare = Number(process.env.BENCH_MIN_SHARE ?? 0.9);
const markedFiles = (
  process.env.BENCH_MARKED ?? "bench/ner/marked-ner-en-15b.jsonl,bench/ner/marked-ner-en-15b-run2.jsonl"
)
  .split(",")
  .filter((file) => existsSync(file));
const results: Record<string, unknown> = { minCount, minShare };

/** Each real sentence against the lexicon: how many it rejects, and the first few, to read. */
function onReal(name: string, lexicon: EntityLexicon, sentences: readonly EntityCorpusRecord[]) {
  const rejected = sentences.flatMap((sentence) => {
    const found = checkAgainstLexicon(
      sentence.text,
      sentence.gold.map((span) => ({ ...span, text: sentence.text.slice(span.start, span.end) })),
      lexicon,
    );
    return found === undefined ? [] : [{ text: sentence.text, reason: found.reason, message: found.message }];
  });
  const share = rejected.length / sentences.length;
  console.log(
    `${name}: ${rejected.length} of ${sentences.length} real sentences rejected (${(share * 100).toFixed(1)}%; lexicon of ${lexicon.entries.size} names)`,
  );
  for (const one of rejected.slice(0, 8)) console.log(`    ${one.text.slice(0, 100)}\n      ${one.message}`);
  results[name] = {
    sentences: sentences.length,
    rejected: rejected.length,
    share,
    byReason: countBy(rejected.map((one) => one.reason)),
    lexicon: lexicon.entries.size,
    examples: rejected.slice(0, 20),
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

const conllTrain = path.join(sharedData, "conll2003_train.txt");
const conllDev = path.join(sharedData, "conll2003_dev.txt");
if (!existsSync(conllTrain) || !existsSync(conllDev)) {
  console.log("skipped: needs ../shared/data/conll2003_{train,dev}.txt");
  process.exit(0);
}
const english = buildEntityLexicon(readConll(conllTrain), { minCount, minShare, wordEdges: true });
onReal("conll2003 dev against conll2003 train", english, readConll(conllDev));
for (const [name, file, read] of [
  ["cluener train, second half against the first", "cluener_train.json", readCluener],
  ["cmedqaner train, second half against the first", "cmedqaner_train.jsonl", readCmedqaner],
] as const) {
  const full = path.join(sharedData, file);
  if (!existsSync(full)) continue;
  const all = read(full);
  const half = Math.floor(all.length / 2);
  const lexicon = buildEntityLexicon(all.slice(0, half), { minCount, minShare, wordEdges: false });
  onReal(name, lexicon, all.slice(half));
}

type Marked = {
  text: string;
  entities: { text: string; type: string }[];
  mark: string;
  status?: string;
  why?: string;
};
for (const file of markedFiles) {
  const marked = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Marked);
  const counts = { bad: 0, badCaught: 0, good: 0, goodRejected: 0, unresolved: 0 };
  console.log(`\n${file}:`);
  for (const record of marked) {
    const resolved = resolveEntitySpans(record.text, record.entities, undefined);
    // A record the span checks refuse never reaches this check.
    const spans = resolved.ok
      ? resolved.spans
      : record.entities.flatMap((entity) =>
          findMentions(record.text, entity.text).map((span) => ({ ...span, ...entity })),
        );
    if (!resolved.ok) counts.unresolved += 1;
    const found = checkAgainstLexicon(record.text, spans, english);
    const bad = record.mark === "bad";
    counts[bad ? "bad" : "good"] += 1;
    if (found) counts[bad ? "badCaught" : "goodRejected"] += 1;
    console.log(
      `  [${record.mark}${record.status ? ` ${record.status}` : ""}] ${found ? "REJECT" : "keep  "} ${record.text.slice(0, 100)}${found ? `\n      ${found.message}` : ""}${record.why ? `\n      marked: ${record.why}` : ""}`,
    );
  }
  console.log(
    `${file}: bad records caught ${counts.badCaught} of ${counts.bad}, good records rejected ${counts.goodRejected} of ${counts.good}`,
  );
  results[path.basename(file)] = counts;
}
const out = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(`${out}realLexicon.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out}realLexicon.json`);
