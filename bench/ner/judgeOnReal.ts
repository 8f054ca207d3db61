// The entity judge (src/quality/entities/judgeEntities.ts) on real, human-annotated records:
// how many real records it rejects (its false rejections: the gold types are right), and how
// many records with one entity's type planted wrong it rejects (its recall on wrong types).
// The embedded 0.5B teacher judges, as the NER examples' runs do (3 votes, 2 must agree).
//
//   flock /tmp/synthforge-heavy.lock npx tsx bench/ner/judgeOnReal.ts
//       (BENCH_NER_SAMPLE=n per data set [12]; writes bench/ner/judgeOnReal.json after each set)
//
// Data: CoNLL-2003 dev sentences with 2-5 entities and cMedQANER train lines with 2-5 flat
// entities, the first n of each after a seeded shuffle; development data only.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnvironment } from "../../src/core/config.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { checkEntities } from "../../src/quality/entities/checkEntities.js";
import { createEntityJudge } from "../../src/quality/entities/judgeEntities.js";
import { type RealNerRecord, readCmedqaner, readConll, sharedData } from "./realNer.js";

const sample = Number(process.env.BENCH_NER_SAMPLE ?? 12);
const sets = [
  {
    name: "conll2003_dev",
    language: "en",
    description: "English news sentences with CoNLL-2003 named entities.",
    types: ["PER", "ORG", "LOC", "MISC"],
    typeDescription:
      "PER: a person's name; ORG: a company, team, party, agency or other organisation; LOC: a country, city, region or place; MISC: a nationality, language, religion, event, title or other proper name",
    records: readConll(path.join(sharedData, "conll2003_dev.txt")),
  },
  {
    name: "cmedqaner_train",
    language: "zh",
    description: "患者在线问诊的提问及其中的医学实体。",
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
    typeDescription:
      "disease 疾病；symptom 症状；body 身体部位；drug 药物；treatment 治疗方法与手术；test 检查与化验；crowd 人群（孩子、孕妇）；physiology 生理现象（月经、怀孕）；feature 程度与特征（严重、持续性）；time 时间；department 科室",
    records: readCmedqaner(path.join(sharedData, "cmedqaner_train.jsonl")),
  },
];

const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(defaultModelName);
const model = await createEmbeddedModel({
  modelPath: resolved.path,
  id: resolved.name,
  parallel: 1,
  contextSize: 1536,
});
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "judgeOnReal.json");
const results: Record<string, unknown> = {};
const started = performance.now();
for (const set of sets) {
  const info = {
    textField: "text",
    entitiesField: "entities",
    types: set.types,
    typeDescription: set.typeDescription,
    wordEdges: set.language === "en",
  };
  const judge = createEntityJudge({
    model,
    language: set.language,
    description: set.description,
    info,
    votes: 3,
    minimumAgreement: 2,
    temperature: 0.7,
  });
  const random = createRandom(11);
  const pool = shuffle(
    set.records.filter((record: RealNerRecord) => {
      if (record.entities.length < 2 || record.entities.length > 5 || record.text.length > 160) return false;
      return checkEntities({ text: record.text, entities: record.entities }, info).rejectReason === undefined;
    }),
    random,
  ).slice(0, sample);
  const rows: { text: string; planted: boolean; reason: string | null; detail: string | null }[] = [];
  for (const [index, record] of pool.entries()) {
    for (const planted of [false, true]) {
      const entities = record.entities.map((entity) => ({ ...entity }));
      if (planted) {
        const at = index % entities.length;
        const wrong = set.types.filter((type) => type !== entities[at]!.type);
        entities[at] = { ...entities[at]!, type: wrong[Math.floor(random() * wrong.length)]! };
        // A planted type that makes the same text two types is the span checks' case, not the judge's.
        if (checkEntities({ text: record.text, entities }, info).rejectReason) continue;
      }
      const checked = checkEntities({ text: record.text, entities }, info);
      const verdict = await judge.verify({
        text: record.text,
        entities: checked.entities,
        spans: checked.spans,
        seed: 1000 + index,
      });
      const rejected = verdict.decisions.find((decision) => decision.decision === "reject");
      rows.push({
        text: record.text,
        planted,
        reason: verdict.rejectReason ?? null,
        detail: rejected?.reason ?? null,
      });
    }
  }
  const real = rows.filter((row) => !row.planted);
  const planted = rows.filter((row) => row.planted);
  const count = (list: typeof rows, reason?: string) =>
    list.filter((row) => (reason ? row.reason === reason : row.reason !== null)).length;
  results[set.name] = {
    real: real.length,
    realRejected: count(real),
    realRejectedByTypeVote: count(real, "entity-type-vote"),
    realRejectedByMissed: count(real, "entity-missed"),
    planted: planted.length,
    plantedRejected: count(planted),
    plantedRejectedByTypeVote: count(planted, "entity-type-vote"),
    rows,
  };
  console.log(
    `${set.name}: real ${count(real)}/${real.length} rejected (type vote ${count(real, "entity-type-vote")}, missed ${count(real, "entity-missed")}); planted wrong type ${count(planted)}/${planted.length} rejected (type vote ${count(planted, "entity-type-vote")}); ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  writeFileSync(
    out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), model: resolved.name, sample, results }, null, 2)}\n`,
  );
}
await model.dispose();
console.log(`wrote ${out}`);
