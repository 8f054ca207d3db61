// Readers of the real NER development files of ../shared/data (bench only: the repository does
// not ship them). Each gives records `{text, entities: [{text, type}], gold: [{start, end, type}]}`,
// the gold spans with UTF-16 offsets into `text`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface RealNerRecord {
  text: string;
  entities: { text: string; type: string }[];
  gold: { start: number; end: number; type: string }[];
}

export const sharedData = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data");

/** CoNLL-2003 (`token POS chunk NER`, IOB2): a sentence's tokens joined by single spaces. */
export function readConll(file: string, limit = Number.POSITIVE_INFINITY): RealNerRecord[] {
  const records: RealNerRecord[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (tokens.length === 0) return;
    const offsets: number[] = [];
    let at = 0;
    for (const token of tokens) {
      offsets.push(at);
      at += token.length + 1;
    }
    const text = tokens.join(" ");
    const gold: RealNerRecord["gold"] = [];
    tags.forEach((tag, index) => {
      if (tag.startsWith("B-") || (tag.startsWith("I-") && tags[index - 1]?.slice(2) !== tag.slice(2))) {
        gold.push({
          start: offsets[index]!,
          end: offsets[index]! + tokens[index]!.length,
          type: tag.slice(2),
        });
      } else if (tag.startsWith("I-")) {
        gold.at(-1)!.end = offsets[index]! + tokens[index]!.length;
      }
    });
    records.push({
      text,
      gold,
      entities: gold.map((span) => ({ text: text.slice(span.start, span.end), type: span.type })),
    });
    tokens = [];
    tags = [];
  };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (records.length >= limit) break;
    if (line.trim() === "" || line.startsWith("-DOCSTART-")) {
      flush();
      continue;
    }
    const columns = line.split(" ");
    tokens.push(columns[0]!);
    tags.push(columns.at(-1)!);
  }
  flush();
  return records.slice(0, limit);
}

/** CLUENER (`{text, label: {type: {mention: [[start, end_inclusive]]}}}`). */
export function readCluener(file: string): RealNerRecord[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const row = JSON.parse(line) as {
        text: string;
        label: Record<string, Record<string, [number, number][]>>;
      };
      const gold: RealNerRecord["gold"] = [];
      const entities: RealNerRecord["entities"] = [];
      for (const [type, mentions] of Object.entries(row.label)) {
        for (const [mention, spans] of Object.entries(mentions)) {
          entities.push({ text: mention, type });
          for (const [start, end] of spans) gold.push({ start, end: end + 1, type });
        }
      }
      return { text: row.text, entities, gold: gold.sort((a, b) => a.start - b.start) };
    });
}

/** cMedQANER (`{text, mention_data: [{mention, type, offset}]}`); mentions whose offset misses the text are kept as listed. */
export function readCmedqaner(file: string): RealNerRecord[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const row = JSON.parse(line) as {
        text: string;
        mention_data: { mention: string; type: string; offset: string }[];
      };
      const gold = row.mention_data.map((mention) => ({
        start: Number(mention.offset),
        end: Number(mention.offset) + mention.mention.length,
        type: mention.type,
      }));
      return {
        text: row.text,
        entities: row.mention_data.map((mention) => ({ text: mention.mention, type: mention.type })),
        gold,
      };
    });
}
