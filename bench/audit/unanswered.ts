// The two checks of instruction records that go unanswered (`asks-back` on answers,
// `missing-input` on instructions; src/quality/fields/unanswered.ts), measured three ways:
//   1. real records written by people that they reject (target 0; bench/audit/data's
//      instruction and code sets, the held-out ones included);
//   2. human-written instructions that came with an input, the input removed (Self-Instruct's
//      user-oriented and seed tasks): the share `missing-input` catches;
//   3. records of the teachers' own runs, read one by one and marked by hand
//      (data/unanswered-marked.jsonl, `marks` per record): precision and recall of each check,
//      per set ("development": the runs whose records the phrase lists were written from;
//      "held-out": runs read after the lists were fixed).
// Model-free and fast:   npx tsx bench/audit/unanswered.ts
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fieldCheckNames } from "../../src/core/fields/fieldSpecs.js";
import { checkRecordFields } from "../../src/quality/fields/checkRecordFields.js";
import { keepResults } from "../keepResults.js";

const kept = keepResults(import.meta.url);
const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const rows = (name: string) =>
  readFileSync(data(name), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const specs = {
  instruction: { kind: "instruction" as const },
  input: { kind: "input" as const },
  output: { kind: "answer" as const, from: ["instruction"] },
};
const checks = ["asks-back", "missing-input"] as const;
/** The check among the two that rejects the record, if one does (others turned off, so each is read alone). */
function rejectedBy(record: Record<string, unknown>, language: string): (typeof checks)[number][] {
  return checks.filter((check) => {
    const only = Object.fromEntries(
      Object.entries(specs).map(([field, spec]) => [
        field,
        {
          ...spec,
          off: fieldCheckNames.filter((name) => name !== check),
        },
      ]),
    );
    const data = {
      instruction: record.instruction ?? "",
      input: record.input ?? "",
      output: record.output ?? "",
    };
    return checkRecordFields(data, only, { language }).rejected?.check === check;
  });
}

console.log("1. real records written by people, rejected");
const real: Record<string, { records: number; rejected: Record<string, number> }> = {};
for (const [file, language] of [
  ["instruction-en-seed.jsonl", "en"],
  ["instruction-en-user.jsonl", "en"],
  ["instruction-zh.jsonl", "zh"],
  ["heldout-instruction-zh.jsonl", "zh"],
  ["code-en.jsonl", "en"],
  ["code-zh.jsonl", "zh"],
  ["heldout-code-zh.jsonl", "zh"],
] as const) {
  const records = rows(file);
  const rejected = { "asks-back": 0, "missing-input": 0 };
  for (const record of records) {
    for (const check of rejectedBy(record, language)) {
      rejected[check] += 1;
      console.log(`   ${file}: ${check}: ${JSON.stringify(record.instruction).slice(0, 100)}`);
    }
  }
  real[file] = { records: records.length, rejected };
  console.log(
    `   ${file.padEnd(30)} ${String(records.length).padStart(4)} records  asks-back ${rejected["asks-back"]}  missing-input ${rejected["missing-input"]}`,
  );
}
kept.set("real", real);

console.log("\n2. human-written instructions whose input was removed, caught by missing-input");
const removed: Record<string, { planted: number; caught: number }> = {};
for (const file of ["instruction-en-user.jsonl", "instruction-en-seed.jsonl"]) {
  const planted = rows(file).filter((record) => String(record.input ?? "").trim() !== "");
  const caught = planted.filter((record) =>
    rejectedBy({ ...record, input: "" }, "en").includes("missing-input"),
  );
  removed[file] = { planted: planted.length, caught: caught.length };
  console.log(
    `   ${file.padEnd(30)} ${caught.length}/${planted.length} (${((100 * caught.length) / planted.length).toFixed(1)}%)`,
  );
}
kept.set("inputRemoved", removed);

console.log("\n3. records of the teachers' runs, marked by hand: precision / recall per check");
const marked = rows("unanswered-marked.jsonl");
const table: Record<string, unknown>[] = [];
for (const set of [...new Set(marked.map((record) => `${record.set} ${record.language}`))]) {
  const records = marked.filter((record) => `${record.set} ${record.language}` === set);
  for (const check of checks) {
    let truePositive = 0;
    let falsePositive = 0;
    let falseNegative = 0;
    for (const record of records) {
      const flagged = rejectedBy(record, String(record.language)).includes(check);
      const bad = (record.marks as string[]).includes(check);
      if (flagged && bad) truePositive += 1;
      else if (flagged) {
        falsePositive += 1;
        console.log(`   false positive, ${check}: ${JSON.stringify(record.output).slice(0, 100)}`);
      } else if (bad) {
        falseNegative += 1;
        console.log(
          `   missed, ${check}: ${JSON.stringify(check === "asks-back" ? record.output : record.instruction).slice(0, 100)}`,
        );
      }
    }
    const precision =
      truePositive + falsePositive === 0 ? undefined : truePositive / (truePositive + falsePositive);
    const recall =
      truePositive + falseNegative === 0 ? undefined : truePositive / (truePositive + falseNegative);
    const row = {
      set,
      check,
      records: records.length,
      marked: truePositive + falseNegative,
      flagged: truePositive + falsePositive,
      precision,
      recall,
    };
    table.push(row);
    const percent = (value: number | undefined) =>
      value === undefined ? "–" : `${(100 * value).toFixed(0)}%`;
    console.log(
      `   ${set.padEnd(16)} ${check.padEnd(14)} records ${records.length}, marked ${row.marked}, flagged ${row.flagged}: precision ${percent(precision)}, recall ${percent(recall)}`,
    );
  }
}
kept.set("marked", table);
