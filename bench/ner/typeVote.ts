// The entity judge's type vote (src/quality/entities/judgeEntities.ts, 3 votes, 2 must agree) on
// real CoNLL-2003 dev sentences, each entity put to the vote as a run puts it: the share of real
// entities confirmed with their gold type, of real sentences with every entity confirmed, and
// of planted non-entities (a lower-case word of the same sentence listed as an entity of a
// random type) and of planted wrong types (the sentence's first entity under another type) the
// vote rejects. Once with the types as the recipe names them (PER, ORG, LOC, MISC) and once named
// in words (person, organisation, location, other), the same sentences. Then, not in the product:
// a yes/no question per entity and its listed type ("is X the name of a place ...?"), P(yes)
// read from one evaluation (choose) and compared with thresholds.
//
//   npx tsx bench/ner/typeVote.ts   BENCH_JUDGE [qwen2.5-coder-1.5b-instruct], BENCH_NER_SAMPLE [40]
//
// Writes bench/ner/results/typeVote-<judge>.json. Development data only (CoNLL-2003 dev).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { checkEntities } from "../../src/quality/entities/checkEntities.js";
import { createEntityJudge } from "../../src/quality/entities/judgeEntities.js";
import { readConll, sharedData } from "./realNer.js";

const judgeName = process.env.BENCH_JUDGE ?? "qwen2.5-coder-1.5b-instruct";
const sample = Number(process.env.BENCH_NER_SAMPLE ?? 40);
const codes = ["PER", "ORG", "LOC", "MISC"];
const words: Record<string, string> = { PER: "person", ORG: "organisation", LOC: "location", MISC: "other" };
const namings = {
  codes: {
    types: codes,
    description:
      "PER: a person's name; ORG: a company, team, party, agency or other organisation; LOC: a country, city, region or place; MISC: a nationality, language, religion, event, title or other proper name",
    name: (code: string) => code,
  },
  words: {
    types: codes.map((code) => words[code]!),
    description:
      "person: a person's name; organisation: a company, team, party, agency or other organisation; location: a country, city, region or place; other: a nationality, language, religion, event, title or other proper name",
    name: (code: string) => words[code]!,
  },
};

const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(judgeName);
const model = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel: 1,
  contextSize: 1536,
});
const random = createRandom(29);
const pick = <T>(list: readonly T[], draw = random): T => list[Math.floor(draw() * list.length)]!;
const commonWords = (text: string) => [...text.matchAll(/\b[a-z]{5,}\b/g)].map((match) => match[0]);
const info = {
  textField: "text",
  entitiesField: "entities",
  types: codes,
  wordEdges: true,
  typeDescription: undefined,
};
const pool = shuffle(
  readConll(path.join(sharedData, "conll2003_dev.txt")).filter(
    (record) =>
      record.entities.length >= 1 &&
      record.entities.length <= 5 &&
      record.text.length <= 200 &&
      /\b[a-z]{5,}\b/.test(record.text) &&
      checkEntities({ text: record.text, entities: record.entities }, info).rejectReason === undefined,
  ),
  random,
).slice(0, sample);
const results: Record<string, unknown> = {};
for (const [naming, setting] of Object.entries(namings)) {
  const judge = createEntityJudge({
    model,
    language: "en",
    description: "English news sentences with CoNLL-2003 named entities.",
    info: { ...info, types: setting.types, typeDescription: setting.description },
    votes: 3,
    minimumAgreement: 2,
    temperature: 0.7,
    askMissing: false,
  });
  /** Whether the judge rejects a record with these entities; undefined where the span checks already do. */
  const plantedRejects = async (text: string, listed: { text: string; type: string }[], seed: number) => {
    const checked = checkEntities({ text, entities: listed }, { ...info, types: setting.types });
    if (checked.rejectReason !== undefined) return undefined;
    const planted = await judge.verify({ text, entities: checked.entities, spans: checked.spans, seed });
    return planted.rejectReason !== undefined;
  };
  let entities = 0;
  let confirmed = 0;
  let sentencesKept = 0;
  let planted = 0;
  let plantedRejected = 0;
  let wrongTypes = 0;
  let wrongTypesRejected = 0;
  const confusions: Record<string, number> = {};
  const started = performance.now();
  for (const [index, record] of pool.entries()) {
    const named = record.entities.map((entity) => ({ text: entity.text, type: setting.name(entity.type) }));
    const checked = checkEntities({ text: record.text, entities: named }, { ...info, types: setting.types });
    const verdict = await judge.verify({
      text: record.text,
      entities: checked.entities,
      spans: checked.spans,
      seed: 500 + index,
    });
    const details = verdict.decisions[0]?.details as {
      entities: { type: string; votes: string[]; agreeing: number }[];
    };
    for (const entity of details.entities) {
      entities += 1;
      if (entity.agreeing >= 2) confirmed += 1;
      else {
        const key = `${entity.type} → ${entity.votes.join("/")}`;
        confusions[key] = (confusions[key] ?? 0) + 1;
      }
    }
    if (verdict.rejectReason === undefined) sentencesKept += 1;
    // The first entity under another type.
    const others = setting.types.filter((type) => type !== named[0]!.type);
    const wrong = [{ ...named[0]!, type: pick(others) }, ...named.slice(1)];
    const wrongRejected = await plantedRejects(record.text, wrong, 700 + index);
    if (wrongRejected !== undefined) {
      wrongTypes += 1;
      if (wrongRejected) wrongTypesRejected += 1;
    }
    // A lower-case word of the sentence (no entity's), listed as an entity of a random type.
    const common = pick(commonWords(record.text));
    const commonRejected = await plantedRejects(
      record.text,
      [{ text: common, type: pick(setting.types) }],
      900 + index,
    );
    if (commonRejected === undefined) continue;
    planted += 1;
    if (commonRejected) plantedRejected += 1;
  }
  results[naming] = {
    sentences: pool.length,
    entities,
    entitiesConfirmed: confirmed / entities,
    sentencesKept: sentencesKept / pool.length,
    plantedNonEntities: planted,
    plantedRejected: plantedRejected / planted,
    plantedWrongTypes: wrongTypes,
    wrongTypesRejected: wrongTypesRejected / wrongTypes,
    seconds: (performance.now() - started) / 1000,
    unconfirmed: confusions,
  };
  console.log(naming, JSON.stringify(results[naming]));
}
// The yes/no question, on the same sentences and plants.
const what: Record<string, string> = {
  PER: "the name of a person",
  ORG: "the name of an organisation (a company, team, party, agency or other organisation)",
  LOC: "the name of a place (a country, city, region or place)",
  MISC: "another proper name (a nationality, language, religion, event or title)",
};
const yes = async (text: string, mention: string, type: string) => {
  const chosen = await model.choose!({
    messages: [
      {
        role: "system",
        content:
          "You are an expert named-entity annotator. The dataset: English news sentences with CoNLL-2003 named entities.",
      },
      {
        role: "user",
        content: `Text: ${text}\n\nIn this text, is "${mention}" ${what[type]}? Answer yes or no.`,
      },
    ],
    choices: ["yes", "no"],
    temperature: 0,
    seeds: [1],
  });
  const p = chosen.probabilities;
  return (p.yes ?? 0) / ((p.yes ?? 0) + (p.no ?? 0));
};
const yesRandom = createRandom(31);
const gold: number[] = [];
const wrongType: number[] = [];
const nonEntity: number[] = [];
const yesStarted = performance.now();
for (const record of pool) {
  for (const entity of record.entities) gold.push(await yes(record.text, entity.text, entity.type));
  const others = codes.filter((code) => code !== record.entities[0]!.type);
  wrongType.push(await yes(record.text, record.entities[0]!.text, pick(others, yesRandom)));
  const common = pick(commonWords(record.text), yesRandom);
  nonEntity.push(await yes(record.text, common, pick(codes, yesRandom)));
}
const share = (values: number[], test: (p: number) => boolean) => values.filter(test).length / values.length;
results.yesNo = {
  seconds: (performance.now() - yesStarted) / 1000,
  entities: gold.length,
  byThreshold: [0.5, 0.6, 0.7, 0.8, 0.9].map((threshold) => ({
    threshold,
    entitiesConfirmed: share(gold, (p) => p >= threshold),
    wrongTypesRejected: share(wrongType, (p) => p < threshold),
    nonEntitiesRejected: share(nonEntity, (p) => p < threshold),
  })),
};
console.log("yesNo", JSON.stringify(results.yesNo));
await model.dispose();
const out = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "results",
  `typeVote-${resolved.name}.json`,
);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ bench: "bench/ner/typeVote.ts", measuredAt: new Date().toISOString(), judge: resolved.name, results }, null, 2)}\n`,
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
