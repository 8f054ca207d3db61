// Precision and recall of the entity checks against records read and marked by hand.
//
//   npx tsx bench/ner/handMarked.ts dump <store.sqlite> <recipe name> > records.jsonl
//       every record of the recipe's latest run that reached the entity checks (accepted, or
//       rejected by one of them), with the checks' verdict, for a reader to mark
//   npx tsx bench/ner/handMarked.ts score bench/ner/marked-*.jsonl
//       each marked file: the checks' verdict against the reader's `mark` ("ok" or "bad"),
//       writes bench/ner/handMarked.json
//
// A marked line: {"id", "example", "text", "entities", "status", "reason", "mark", "why"}.
// "bad" means a careful annotator would not keep the record as it is: a span not in the text,
// a wrong type, an entity left out, a non-entity listed, or a text that is no sentence of the
// kind asked for. Precision: of the records the checks rejected, the share marked bad. Recall:
// of the records marked bad, the share the checks rejected.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "../../src/store/openStore.js";

const entityReasons = new Set([
  "entity-malformed",
  "entity-type-unknown",
  "span-not-in-text",
  "entity-overlap",
  "entity-type-vote",
  "entity-missed",
]);
const spanReasons = new Set([
  "entity-malformed",
  "entity-type-unknown",
  "span-not-in-text",
  "entity-overlap",
]);

interface Marked {
  id: string;
  example: string;
  text: string;
  entities: unknown;
  status: "accepted" | "rejected";
  reason: string | null;
  mark: "ok" | "bad";
  why?: string;
}

const [command, ...args] = process.argv.slice(2);
if (command === "dump") {
  const [storeFile, recipeName] = args;
  const store = openStore(storeFile!, { mode: "read" });
  const runs = store.listRuns().filter((run) => run.recipeName === recipeName);
  for (const run of runs) {
    for (const record of store.listRecords(run.id)) {
      if (!record.data) continue;
      if (record.status === "rejected" && !entityReasons.has(record.reason ?? "")) continue;
      const reasonText = record.decisions.find((decision) => decision.decision === "reject")?.reason ?? null;
      console.log(
        JSON.stringify({
          id: record.id,
          example: recipeName,
          text: record.data.text,
          entities: record.data.entities,
          status: record.status,
          reason: record.status === "rejected" ? record.reason : null,
          detail: reasonText,
        }),
      );
    }
  }
  store.close();
} else if (command === "score") {
  const summary: Record<string, unknown> = {};
  const share = (a: number, b: number) => (b === 0 ? null : a / b);
  for (const file of args) {
    const rows = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Marked);
    const score = (rejects: (row: Marked) => boolean, among: Marked[]) => {
      const rejected = among.filter(rejects);
      const bad = among.filter((row) => row.mark === "bad");
      const both = rejected.filter((row) => row.mark === "bad").length;
      return {
        records: among.length,
        markedBad: bad.length,
        rejected: rejected.length,
        rejectedAndBad: both,
        precision: share(both, rejected.length),
        recall: share(both, bad.length),
      };
    };
    const isRejected = (row: Marked) => row.status === "rejected";
    const bySpan = (row: Marked) => row.status === "rejected" && spanReasons.has(row.reason ?? "");
    const passedSpans = rows.filter((row) => !bySpan(row));
    const example = rows[0]?.example ?? path.basename(file);
    // Several files of one example (runs on different teachers) each keep their own entry.
    const key = Object.hasOwn(summary, example) || args.length > 1 ? path.basename(file, ".jsonl") : example;
    summary[key] = {
      file: path.basename(file),
      allChecks: score(isRejected, rows),
      spanChecks: score(bySpan, rows),
      judgeOnRecordsPassingSpanChecks: score(isRejected, passedSpans),
      acceptedRead: rows.filter((row) => row.status === "accepted").length,
      acceptedMarkedBad: rows.filter((row) => row.status === "accepted" && row.mark === "bad").length,
      rejectedByReason: Object.fromEntries(
        [...new Set(rows.filter(isRejected).map((row) => row.reason ?? ""))].map((reason) => [
          reason,
          rows.filter((row) => row.reason === reason).length,
        ]),
      ),
    };
    console.log(key, JSON.stringify(summary[key]));
  }
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "handMarked.json");
  writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), summary }, null, 2)}\n`);
  console.log(`wrote ${out}`);
} else {
  console.error("usage: handMarked.ts dump <store> <recipe name> | score <marked.jsonl>...");
  process.exit(2);
}
