// The development splits of the many-label benches: every fifth row of each label (in file
// order) of ../shared/data/banking77_train.csv and kuake_qic_train.json is held out for
// measuring; the label examples of examples/intent-en.yaml and medical-intent-zh.yaml come
// from the other four fifths. (banking77's test split and KUAKE-QIC's dev split are never read.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data");

export interface LabelledRow {
  text: string;
  label: string;
}

function split(rows: LabelledRow[]): { development: LabelledRow[]; heldOut: LabelledRow[] } {
  const seen = new Map<string, number>();
  const development: LabelledRow[] = [];
  const heldOut: LabelledRow[] = [];
  for (const row of rows) {
    const index = seen.get(row.label) ?? 0;
    seen.set(row.label, index + 1);
    (index % 5 === 4 ? heldOut : development).push(row);
  }
  return { development, heldOut };
}

export function bankingRows() {
  const rows = parse(readFileSync(path.join(data, "banking77_train.csv"), "utf8"), { columns: true }) as {
    text: string;
    category: string;
  }[];
  return split(rows.map((row) => ({ text: row.text.trim(), label: row.category })));
}

export function kuakeRows() {
  const rows = JSON.parse(readFileSync(path.join(data, "kuake_qic_train.json"), "utf8")) as {
    query: string;
    label: string;
  }[];
  return split(rows.map((row) => ({ text: row.query.trim(), label: row.label })));
}
