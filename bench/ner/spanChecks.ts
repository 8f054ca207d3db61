// The span checks (src/quality/entities/checkEntities.ts) on real, human-annotated NER data,
// no model: how many real records they reject (false rejections), how the spans they locate
// (every whole-span mention of each listed entity) compare with the annotators' own offsets, and
// how many planted bad records of each class they catch, with the right reason.
//
//   npx tsx bench/ner/spanChecks.ts        (needs ../shared/data; writes bench/ner/spanChecks.json)
//
// Data: CoNLL-2003 dev (first 1,500 sentences with an entity), CLUENER train (first 1,500
// lines) and cMedQANER train (first 1,500 lines): development data, none of the held-out splits.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findMentions } from "../../src/core/entities/entitySpans.js";
import { createRandom } from "../../src/core/stats/random.js";
import { checkEntities } from "../../src/quality/entities/checkEntities.js";
import { type RealNerRecord, readCluener, readCmedqaner, readConll, sharedData } from "./realNer.js";

const limit = 1500;
const sets: { name: string; types: string[]; cjk: boolean; records: RealNerRecord[] }[] = [
  {
    name: "conll2003_dev",
    types: ["PER", "ORG", "LOC", "MISC"],
    cjk: false,
    records: readConll(path.join(sharedData, "conll2003_dev.txt"))
      .filter((record) => record.entities.length > 0)
      .slice(0, limit),
  },
  {
    name: "cluener_train",
    types: [
      "name",
      "company",
      "organization",
      "government",
      "position",
      "address",
      "scene",
      "game",
      "book",
      "movie",
    ],
    cjk: true,
    records: readCluener(path.join(sharedData, "cluener_train.json")).slice(0, limit),
  },
  {
    name: "cmedqaner_train",
    types: [
      "disease",
      "symptom",
      "body",
      "drug",
      "treatment",
      "test",
      "crowd",
      "physiology",
      "feature",
      "time",
      "department",
    ],
    cjk: true,
    records: readCmedqaner(path.join(sharedData, "cmedqaner_train.jsonl")).slice(0, limit),
  },
];

type Planted = "paraphrased" | "invented" | "unknown-type" | "two-types" | "crossing";
const expected: Record<Planted, string> = {
  paraphrased: "span-not-in-text",
  invented: "span-not-in-text",
  "unknown-type": "entity-type-unknown",
  "two-types": "entity-overlap",
  crossing: "entity-overlap",
};

function plant(
  kind: Planted,
  record: RealNerRecord,
  others: RealNerRecord[],
  types: string[],
  cjk: boolean,
  random: () => number,
): RealNerRecord["entities"] | undefined {
  const entities = record.entities.map((entity) => ({ ...entity }));
  const index = Math.floor(random() * entities.length);
  const target = entities[index]!;
  const otherType = types.find((type) => type !== target.type)!;
  switch (kind) {
    case "paraphrased": {
      // One character changed, or (English) a word added: what a model's paraphrase does.
      const changed = cjk
        ? `${target.text.slice(0, -1)}${target.text.at(-1) === "的" ? "之" : "的"}`
        : `the ${target.text}`;
      if (record.text.includes(changed)) return undefined;
      entities[index] = { ...target, text: changed };
      return entities;
    }
    case "invented": {
      const other = others[Math.floor(random() * others.length)]!;
      const foreign = other.entities.find((entity) => !record.text.includes(entity.text));
      if (!foreign) return undefined;
      return [...entities, foreign];
    }
    case "unknown-type":
      entities[index] = { ...target, type: cjk ? `${target.type}类` : target.type.toLowerCase() };
      return entities;
    case "two-types":
      return [...entities, { text: target.text, type: otherType }];
    case "crossing": {
      const [mention] = findMentions(record.text, target.text, !cjk);
      if (!mention || target.text.length < 2) return undefined;
      const start = cjk
        ? mention.end - 1
        : record.text.lastIndexOf(" ", mention.end - 1) + 1 > mention.start
          ? record.text.lastIndexOf(" ", mention.end - 1) + 1
          : -1;
      if (start < 0) return undefined;
      const after = cjk ? mention.end + 2 : record.text.indexOf(" ", mention.end + 1);
      const end = after < 0 ? record.text.length : Math.min(after, record.text.length);
      if (end <= mention.end) return undefined;
      const text = record.text.slice(start, end).trim();
      if (findMentions(record.text, text, !cjk).length !== 1) return undefined;
      return [...entities, { text, type: otherType }];
    }
  }
}

const results: Record<string, unknown> = {};
for (const set of sets) {
  const info = {
    textField: "text",
    entitiesField: "entities",
    types: set.types,
    typeDescription: undefined,
    wordEdges: !set.cjk,
  };
  const rejectedReal: Record<string, number> = {};
  const examples: string[] = [];
  let located = 0;
  let gold = 0;
  let matched = 0;
  for (const record of set.records) {
    const outcome = checkEntities({ text: record.text, entities: record.entities }, info);
    if (outcome.rejectReason) {
      rejectedReal[outcome.rejectReason] = (rejectedReal[outcome.rejectReason] ?? 0) + 1;
      if (examples.length < 5) examples.push(outcome.decisions[0]!.reason!);
      continue;
    }
    const goldKeys = new Set(record.gold.map((span) => `${span.start}:${span.end}:${span.type}`));
    located += outcome.spans.length;
    gold += goldKeys.size;
    matched += outcome.spans.filter((span) => goldKeys.has(`${span.start}:${span.end}:${span.type}`)).length;
  }
  const random = createRandom(7);
  const planted: Record<string, { planted: number; caught: number; rightReason: number }> = {};
  for (const kind of Object.keys(expected) as Planted[]) {
    const row = { planted: 0, caught: 0, rightReason: 0 };
    for (const record of set.records) {
      if (record.entities.length === 0) continue;
      const entities = plant(kind, record, set.records, set.types, set.cjk, random);
      if (!entities) continue;
      row.planted += 1;
      const outcome = checkEntities({ text: record.text, entities }, info);
      if (outcome.rejectReason) row.caught += 1;
      if (outcome.rejectReason === expected[kind]) row.rightReason += 1;
    }
    planted[kind] = row;
  }
  const rejected = Object.values(rejectedReal).reduce((sum, count) => sum + count, 0);
  results[set.name] = {
    records: set.records.length,
    realRejected: rejected,
    realRejectedShare: rejected / set.records.length,
    realRejectedByReason: rejectedReal,
    realRejectedExamples: examples,
    spansVsGold: {
      located,
      gold,
      matched,
      precision: located ? matched / located : 0,
      recall: gold ? matched / gold : 0,
    },
    planted,
  };
  const share = (value: number) => `${(value * 100).toFixed(1)}%`;
  console.log(
    `${set.name}: ${set.records.length} real records, ${rejected} rejected (${share(rejected / set.records.length)}) ${JSON.stringify(rejectedReal)}; located spans vs gold offsets: precision ${share(located ? matched / located : 0)}, recall ${share(gold ? matched / gold : 0)}`,
  );
  for (const [kind, row] of Object.entries(planted)) {
    console.log(
      `  planted ${kind}: ${row.caught}/${row.planted} caught, ${row.rightReason} with reason ${expected[kind as Planted]}`,
    );
  }
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "spanChecks.json");
writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), limit, results }, null, 2)}\n`);
console.log(`wrote ${out}`);
