// The verification layer audited against records whose truth is known (issue: "prove the
// filters work"):
//   - real reviews of ../shared/data (all 1,000 Yelp sentences, 2,000 waimai reviews drawn by a
//     seeded shuffle): every one is good, so any rejection is a false one;
//   - planted bad records of every kind the checks claim to catch, built from those reviews
//     (cut off, emoji and digit runs, repetition, template and placeholder leaks, text about
//     the task or naming its own label, a copied prompt, the wrong script) and, for the judge,
//     real reviews whose label was flipped;
//   - generated records read and marked by hand (bench/audit/marked-*.jsonl: the records of the
//     README's main command and of examples/sentiment-zh.yaml, accepted and rejected alike).
// For each check it prints recall on its planted kind, precision over everything it rejected,
// and the share of real reviews it rejected; then the same for the judge's 2-of-3 vote on the
// embedded Qwen teacher, and, for the hand-marked records with their stored labels, what the
// rule checks and the judge together keep: marked-good records kept, marked-bad ones caught
// (wrong labels among them), and the share of bad records among those kept. Baseline measured in the same run: the checks the pipeline had before
// (schema validity only), which accept every planted record.
//
// First, the per-family table of bench/audit/families.ts: every template family's field checks
// on real human-written records and planted failures (issue 21).
//
//   npm run bench:audit            (BENCH_JUDGE=0 skips the judge; BENCH_JUDGE_SAMPLE=n [100];
//                                   BENCH_JUDGE_MODEL=name [the registry's default teacher])
//
// Writes bench/audit/results.json beside this file (with the judge: also
// results-<judge model>.json), the figures the README and docs/quality.md quote.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPool } from "../../src/core/concurrency/runPool.js";
import { configFromEnvironment } from "../../src/core/config.js";
import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { checkRecordText, textChecks } from "../../src/quality/filters/checkRecordText.js";
import { createJudge } from "../../src/quality/judge/createJudge.js";
import { waimaiRows, yelpRows } from "../../test/fixtures/quality/reviewRows.js";

// The per-family table runs first (its module prints it when loaded).
await import("./families.js");
console.log("");

interface AuditRecord {
  text: string;
  language: "en" | "zh";
  /** The check that should reject it; undefined for a good record. */
  kind: (typeof textChecks)[number] | undefined;
  source: "real" | "planted" | "marked";
  /** What a planted record plants, for the per-kind table. */
  plant?: string;
  maxLength?: number;
  stoppedAtTokenLimit?: boolean;
  /** A hand-marked record's stored label (the judge confirms or rejects it). */
  label?: string;
  /** What is wrong with a hand-marked bad record: a text check's code, `label` (the wrong label) or `content` (incoherent, off-topic, implausible). */
  mark?: string;
  prompt?: string;
}

const random = createRandom(20261201);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const yelp = yelpRows();
const waimai = shuffle(waimaiRows(), createRandom(7)).slice(0, 2000);
const labelsOf = { en: ["positive", "negative"], zh: ["正面", "负面", "中性"] } as const;
const real: AuditRecord[] = [
  ...yelp.map((row) => ({
    text: row.text,
    language: "en" as const,
    kind: undefined,
    source: "real" as const,
  })),
  ...waimai.map((row) => ({
    text: row.text,
    language: "zh" as const,
    kind: undefined,
    source: "real" as const,
  })),
];

const perPlant = 40;
const english = yelp.map((row) => row.text).filter((text) => text.length > 40);
const chinese = waimai.map((row) => row.text).filter((text) => text.length > 15);
const emoji = ["😀", "🔥", "👍", "😍", "⭐", "🍕", "❤️"];
const planted: AuditRecord[] = [];
const plant = (
  name: string,
  kind: AuditRecord["kind"],
  make: (language: "en" | "zh") => Omit<AuditRecord, "kind" | "source" | "plant" | "language">,
) => {
  for (let index = 0; index < perPlant; index += 1) {
    const language = index % 2 === 0 ? "en" : "zh";
    planted.push({ ...make(language), language, kind, source: "planted", plant: name });
  }
};
const base = (language: "en" | "zh") => (language === "en" ? pick(english) : pick(chinese));
const cutMidWord = (text: string) => {
  const words = [...text.matchAll(/\p{L}{4,}/gu)];
  const word = words.length > 1 ? words[1 + Math.floor(random() * (words.length - 1))]! : words[0]!;
  return text.slice(0, word.index! + 2);
};
plant("cut at maxLength", "truncated", (language) => {
  const text = cutMidWord(base(language));
  return { text, maxLength: [...text].length };
});
plant("cut at the token limit", "truncated", (language) => ({
  text: cutMidWord(base(language)),
  stoppedAtTokenLimit: true,
}));
plant("dangling end", "truncated", (language) =>
  language === "en"
    ? { text: `${base(language).replace(/[.!?]+$/, "")} and the` }
    : { text: `${base(language)}，而且` },
);
plant("emoji run", "symbols", () => ({ text: pick(emoji).repeat(10 + Math.floor(random() * 50)) }));
plant("emoji tail", "symbols", (language) => ({ text: `${base(language)} ${pick(emoji).repeat(8)}` }));
plant("digits and dates", "symbols", () => ({
  text: `Tokyo, ${2000 + Math.floor(random() * 25)}-${10 + Math.floor(random() * 2)}-${10 + Math.floor(random() * 18)}, ${10 + Math.floor(random() * 13)}:${10 + Math.floor(random() * 49)}:${10 + Math.floor(random() * 49)}`,
}));
plant("repeated sentence", "repetition", (language) => {
  const sentence = language === "en" ? "I'm a food blogger. " : "味道不错。";
  return { text: sentence.repeat(3 + Math.floor(random() * 6)).trim() };
});
plant("phrase loop", "repetition", (language) => {
  const text = base(language);
  const phrase = language === "en" ? text.split(" ").slice(0, 4).join(" ") : [...text].slice(0, 5).join("");
  return { text: `${`${phrase}, `.repeat(4 + Math.floor(random() * 4))}${phrase}.` };
});
plant("template syntax", "leak", (language) => ({ text: `{{text}} ${base(language)}` }));
plant("placeholder", "leak", (language) =>
  language === "en"
    ? {
        text: base(language)
          .replace(/\b(this place|the food|it)\b/i, "[product_name]")
          .replace(/^/, "At [Restaurant.Com], "),
      }
    : { text: `XX餐厅的${base(language)}` },
);
plant("talks about the task", "leak", (language) =>
  language === "en"
    ? {
        text: `${pick(["Here's a review:", "Sure! Here is a customer review:", "This is a positive review."])} ${base(language)}`,
      }
    : {
        text: `${pick(["以下是一条评论：", "这是一条正面评论：", "好的，这是一条评论："])}${base(language)}`,
      },
);
plant("names its own label", "leak", (language) =>
  language === "en"
    ? { text: `${base(language).replace(/[.!?]+$/, "")}, a perfect fit for positive sentiment.` }
    : { text: `${base(language)}情感：负面。` },
);
plant("copies its prompt", "leak", (language) => {
  const prompt =
    language === "en"
      ? "Write one short positive customer review of a cafe: one or two short sentences, in the first person, about one specific thing you ordered, bought or noticed."
      : "以顾客的口吻写一条情感为「正面」的简短评论（外卖），长度一句话，像发在网上的那样，只提一个具体的细节。";
  const copied =
    language === "en"
      ? "in the first person, about one specific thing you ordered"
      : "像发在网上的那样，只提一个具体的细节";
  return { text: `${base(language)} ${copied}.`, prompt };
});
plant("written by the business", "voice", (language) =>
  language === "en"
    ? {
        text: `${pick(["Our chef", "Our staff", "Our cafe"])} ${pick(["makes every dish fresh.", "thanks every guest for the visit.", "is proud of its coffee."])}`,
      }
    : {
        text: `${pick(["本店", "欢迎光临！本店", "感谢您的支持，本店"])}${pick(["每道菜都是现做的。", "会继续努力。", "新品上市，欢迎品尝。"])}`,
      },
);
plant("wrong script", "language", (language) => ({
  text: language === "en" ? pick(chinese) : pick(english),
}));

function markedRecords(): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const language of ["en", "zh"] as const) {
    const file = fileURLToPath(new URL(`./marked-${language}.jsonl`, import.meta.url));
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const row = JSON.parse(line) as { text: string; label?: string; good: boolean; check?: string };
      records.push({
        text: row.text,
        language,
        kind: row.good ? undefined : ((row.check as AuditRecord["kind"]) ?? "leak"),
        source: "marked",
        ...(row.label === undefined ? {} : { label: row.label }),
        ...(row.good ? {} : { mark: row.check ?? "leak" }),
      });
    }
  }
  return records;
}

const reviewDescriptions: Record<string, string> = {
  en: "Short English customer reviews of restaurants, labelled by sentiment.",
  zh: "中文外卖评论，按情感标注为 positive 或 negative。",
};

const marked = markedRecords();
const all = [...real, ...planted, ...marked];
const verdicts = all.map((record) => {
  const decision = checkRecordText(record.text, {
    language: record.language,
    labels: labelsOf[record.language],
    ...(record.maxLength === undefined ? {} : { maxLength: record.maxLength }),
    ...(record.stoppedAtTokenLimit ? { stoppedAtTokenLimit: true } : {}),
    ...(record.prompt === undefined ? {} : { prompt: record.prompt }),
    // Every record here is meant to be a customer review, as in the recipes that made them.
    description: reviewDescriptions[record.language],
  }).find((each) => each.decision === "reject");
  return decision?.check;
});

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log("Rule checks (checkRecordText) on records whose truth is known\n");
console.log(
  `real reviews: ${real.length} (${yelp.length} Yelp, ${waimai.length} waimai); planted bad: ${planted.length}; hand-marked generated: ${marked.length} (${marked.filter((record) => record.kind !== undefined).length} marked bad)\n`,
);
console.log("check        precision  recall (own kind)  recall (any check)  real rejected");
for (const check of textChecks) {
  const rejected = all.flatMap((record, index) => (verdicts[index] === check ? [record] : []));
  const ofKind = planted.filter((record) => record.kind === check);
  const caughtOwn = ofKind.filter((record) => verdicts[all.indexOf(record)] === check).length;
  const caughtAny = ofKind.filter((record) => verdicts[all.indexOf(record)] !== undefined).length;
  const truePositives = rejected.filter((record) => record.kind !== undefined).length;
  const realRejected = real.filter((_, index) => verdicts[index] === check).length;
  console.log(
    `${check.padEnd(12)} ${(rejected.length === 0 ? "-" : percent(truePositives / rejected.length)).padStart(9)}  ${percent(caughtOwn / ofKind.length).padStart(17)}  ${percent(caughtAny / ofKind.length).padStart(18)}  ${percent(realRejected / real.length).padStart(13)}`,
  );
}
console.log("\nplanted kind              caught");
for (const name of [...new Set(planted.map((record) => record.plant!))]) {
  const group = planted.filter((record) => record.plant === name);
  const caught = group.filter((record) => verdicts[all.indexOf(record)] !== undefined).length;
  console.log(`${name.padEnd(25)} ${caught}/${group.length}`);
}
const plantedCaught = planted.filter((record) => verdicts[all.indexOf(record)] !== undefined).length;
const realRejected = real.filter((_, index) => verdicts[index] !== undefined).length;
const yelpRejected = real.filter(
  (record, index) => record.language === "en" && verdicts[index] !== undefined,
).length;
const waimaiRejected = realRejected - yelpRejected;
const markedBad = marked.filter((record) => record.kind !== undefined);
const markedCaught = markedBad.filter((record) => verdicts[all.indexOf(record)] !== undefined).length;
const markedGoodRejected = marked.filter(
  (record) => record.kind === undefined && verdicts[all.indexOf(record)] !== undefined,
).length;
console.log(
  `\nall checks: ${plantedCaught}/${planted.length} planted bad records rejected (${percent(plantedCaught / planted.length)}; target ≥ 90%), ${realRejected}/${real.length} real reviews rejected (${percent(realRejected / real.length)}: Yelp ${yelpRejected}/${yelp.length}, waimai ${waimaiRejected}/${waimai.length}; target ≤ 5%)`,
);
console.log(
  `hand-marked generated records: ${markedCaught}/${markedBad.length} marked bad rejected by the rule checks alone, ${markedGoodRejected}/${marked.length - markedBad.length} marked good rejected`,
);
console.log(
  `baseline (schema validity only, the checks before this layer): 0/${planted.length} planted rejected → the rule checks reject ${planted.length === 0 ? "-" : percent(plantedCaught / planted.length)} of what the baseline let through`,
);

const judgeModelName = process.env.BENCH_JUDGE_MODEL ?? defaultModelName;
const results: Record<string, unknown> = {
  bench: "bench/audit/run.ts",
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
  ruleChecks: {
    planted: planted.length,
    plantedRejected: plantedCaught,
    real: real.length,
    realRejected,
    yelp: { reviews: yelp.length, rejected: yelpRejected },
    waimai: { reviews: waimai.length, rejected: waimaiRejected },
    handMarkedBad: markedBad.length,
    handMarkedBadRejected: markedCaught,
    handMarkedGoodRejected: markedGoodRejected,
    baselinePlantedRejected: 0,
  },
};
const writeResults = (file: string) => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  writeFileSync(path.join(here, file), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to bench/audit/${file}`);
};

if (process.env.BENCH_JUDGE !== "0") {
  const sample = Number(process.env.BENCH_JUDGE_SAMPLE ?? 100);
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(judgeModelName);
  const model = await createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    parallel: 4,
    contextSize: 1024,
  });
  /** The judge's 2-of-3 verdict on one text and the label it is given, as a run's verifier asks it. */
  const confirms = (
    description: string,
    language: string,
    labels: string[],
    record: { text: string; label: string; seed: number },
  ) =>
    createJudge({
      model,
      brief: { task: "classification", description, language },
      settings: { votes: 3, minimumAgreement: 2, temperature: 0.7, rubric: { mode: "off", threshold: 3 } },
      labelField: "label",
      labels,
    }).verify({ data: { text: record.text, label: record.label }, cell: {}, seed: record.seed });
  /** Runs `work` on every item, four at a time (the model's parallel sequences). */
  const eachOnFourSlots = <T>(items: T[], work: (item: T) => Promise<void>) =>
    runPool(items, { concurrency: 4 }, work);
  const flip = { positive: "negative", negative: "positive" } as Record<string, string>;
  const cases = [
    ...shuffle([...yelp], createRandom(3))
      .slice(0, sample)
      .map((row) => ({
        ...row,
        language: "en",
        description: reviewDescriptions.en!,
      })),
    ...shuffle([...waimaiRows()], createRandom(4))
      .slice(0, sample)
      .map((row) => ({
        ...row,
        language: "zh",
        description: reviewDescriptions.zh!,
      })),
  ];
  const items = cases.flatMap((row, index) => [
    { ...row, given: row.label, right: true, index },
    { ...row, given: flip[row.label]!, right: false, index },
  ]);
  const started = performance.now();
  const outcomes: { right: boolean; confirmed: boolean; language: string }[] = [];
  let promptTokens = 0;
  await eachOnFourSlots(items, async (item) => {
    const verdict = await confirms(item.description, item.language, ["positive", "negative"], {
      text: item.text,
      label: item.given,
      seed: 97 + item.index,
    });
    promptTokens += verdict.usage.inputTokens;
    outcomes.push({
      right: item.right,
      confirmed: verdict.rejectReason === undefined,
      language: item.language,
    });
  });
  const seconds = (performance.now() - started) / 1000;

  // The hand-marked generated records, with the label each was stored with: what the rule
  // checks and the judge together let through, against the marks.
  const judged = marked.filter((record) => record.label !== undefined);
  const judgedConfirmed = new Map<AuditRecord, boolean>();
  await eachOnFourSlots(judged, async (record) => {
    const description =
      record.language === "en"
        ? "Short English customer reviews of restaurants and products, labelled by sentiment."
        : "中文外卖、餐厅、酒店和电子产品的用户评论，按情感标注为正面或负面。";
    const verdict = await confirms(description, record.language, [...labelsOf[record.language]].slice(0, 2), {
      text: record.text,
      label: record.label!,
      seed: 97 + marked.indexOf(record),
    });
    judgedConfirmed.set(record, verdict.rejectReason === undefined);
  });
  await model.dispose();
  console.log(
    `\nJudge (${judgeModelName}, 3 votes, confirmed when 2 agree) on real reviews, true and flipped labels:`,
  );
  const judgeResults: Record<string, unknown> = {
    model: judgeModelName,
    sample,
    seconds,
    recordsPerSecond: items.length / seconds,
    promptTokens,
  };
  for (const language of ["en", "zh"]) {
    const group = outcomes.filter((outcome) => outcome.language === language);
    const confirmedRight = group.filter((outcome) => outcome.right && outcome.confirmed).length;
    const rejectedWrong = group.filter((outcome) => !outcome.right && !outcome.confirmed).length;
    const rejected = group.filter((outcome) => !outcome.confirmed).length;
    judgeResults[language] = {
      trueConfirmed: confirmedRight,
      flippedRejected: rejectedWrong,
      of: group.length / 2,
    };
    console.log(
      `${language}: true labels confirmed ${confirmedRight}/${group.length / 2} (${percent(confirmedRight / (group.length / 2))}); flipped labels rejected ${rejectedWrong}/${group.length / 2} (recall ${percent(rejectedWrong / (group.length / 2))}); precision of its rejections ${percent(rejected === 0 ? 0 : rejectedWrong / rejected)}`,
    );
  }
  console.log(
    `\nHand-marked generated records (${judged.length} with their stored label), rule checks then the judge:`,
  );
  console.log("language  marked good kept  marked bad caught  wrong label caught  bad left (of kept)");
  for (const language of ["en", "zh"] as const) {
    const group = judged.filter((record) => record.language === language);
    const kept = (record: AuditRecord) =>
      verdicts[all.indexOf(record)] === undefined && judgedConfirmed.get(record) === true;
    const good = group.filter((record) => record.kind === undefined);
    const bad = group.filter((record) => record.kind !== undefined);
    const wrongLabel = bad.filter((record) => record.mark === "label");
    const keptAll = group.filter(kept);
    const badKept = keptAll.filter((record) => record.kind !== undefined);
    console.log(
      `${language.padEnd(8)}  ${`${good.filter(kept).length}/${good.length}`.padStart(16)}  ${`${bad.filter((record) => !kept(record)).length}/${bad.length}`.padStart(17)}  ${`${wrongLabel.filter((record) => !kept(record)).length}/${wrongLabel.length}`.padStart(18)}  ${`${badKept.length}/${keptAll.length} (${percent(keptAll.length === 0 ? 0 : badKept.length / keptAll.length)})`.padStart(18)}`,
    );
  }
  console.log(
    `${items.length} records judged in ${seconds.toFixed(1)} s (${(items.length / seconds).toFixed(1)} records/s, ${promptTokens} prompt tokens, no output tokens)`,
  );
  results.judge = judgeResults;
  writeResults(`results-${judgeModelName}.json`);
}
writeResults("results.json");
