// Readers of the real NER development files of ../shared/data (bench only: the repository does
// not ship them), through the parser `evaluate` uses (src/core/entities/parseEntityCorpus.ts).
// Each gives records `{text, entities: [{text, type}], gold: [{start, end, type}]}`, the gold
// spans with UTF-16 offsets into `text`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type EntityCorpusRecord, parseEntityCorpus } from "../../src/core/entities/parseEntityCorpus.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";

export type RealNerRecord = EntityCorpusRecord;

export const sharedData = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data");

/** CoNLL-2003 (`token POS chunk NER`, IOB2): a sentence's tokens joined by single spaces. */
export function readConll(file: string, limit = Number.POSITIVE_INFINITY): RealNerRecord[] {
  return parseEntityCorpus(readFileSync(file, "utf8"), "conll", file).slice(0, limit);
}

/** CLUENER (`{text, label: {type: {mention: [[start, end_inclusive]]}}}`). */
export function readCluener(file: string): RealNerRecord[] {
  return parseEntityCorpus(readFileSync(file, "utf8"), "cluener", file);
}

/** cMedQANER (`{text, mention_data: [{mention, type, offset}]}`); a mention whose offset misses the text is placed where it first occurs. */
export function readCmedqaner(file: string): RealNerRecord[] {
  return parseEntityCorpus(readFileSync(file, "utf8"), "mentions", file);
}

/**
 * `count` sentences of CoNLL-2003 train shaped as the recipe's records are (30–240 characters,
 * 1–8 entities), a seeded sample (seed 23): the real training set of the NER student benches.
 */
export function conllTrainingSample(
  file: string,
  count: number,
): { text: string; entities: { text: string; type: string }[] }[] {
  const shaped = readConll(file).filter(
    (record) =>
      record.text.length >= 30 &&
      record.text.length <= 240 &&
      record.entities.length >= 1 &&
      record.entities.length <= 8,
  );
  return shuffle(shaped, createRandom(23))
    .slice(0, count)
    .map((record) => ({ text: record.text, entities: record.entities }));
}
