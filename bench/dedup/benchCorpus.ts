import { createRandom, shuffle } from "../../src/core/stats/random.js";
import { shingleText, shingleUnits } from "../../src/quality/dedup/shingleText.js";
import { type ReviewRow, waimaiRows, yelpRows } from "../../test/fixtures/quality/reviewRows.js";

/** One benchmark record and where it came from. */
export interface BenchRecord {
  text: string;
  label: string;
  /** "real": a review as it is; "joined": 2–3 real reviews of one corpus joined; "planted": an edited copy. */
  kind: "real" | "joined" | "planted";
  /** For planted records: the index of the record it was copied from (always earlier). */
  source: number | undefined;
}

/** What the corpus holds, for the printed description. */
export interface BenchCorpus {
  records: BenchRecord[];
  counts: Record<BenchRecord["kind"], number>;
  /** The real reviews held out of the records (with `referenceShare`), else those the records were built from. */
  reference: ReviewRow[];
}

const fillers = {
  zh: ["。", "！", "，", "真的", "还行", "哈哈"],
  en: [".", "!", "really", "so", "just", "ok"],
};

/** An edited copy of a text: 1–3 unit deletions, repeats, swaps with a filler, or an added ending. */
function edit(text: string, random: () => number): string {
  const cjk = shingleUnits(text, "auto").separator === "";
  const units = cjk ? Array.from(text) : text.split(/(\s+)/u).filter((part) => part.trim() !== "");
  const pool = cjk ? fillers.zh : fillers.en;
  const edits = 1 + Math.floor(random() * 3);
  for (let count = 0; count < edits && units.length > 1; count += 1) {
    const at = Math.floor(random() * units.length);
    const choice = random();
    if (choice < 0.3) units.splice(at, 1);
    else if (choice < 0.55) units.splice(at, 0, units[at]!);
    else if (choice < 0.8) units[at] = pool[Math.floor(random() * pool.length)]!;
    else units.push(pool[Math.floor(random() * pool.length)]!);
  }
  return units.join(cjk ? "" : " ");
}

function shingleJaccard(a: string, b: string): number {
  const left = new Set(shingleText(a, "auto"));
  const right = shingleText(b, "auto");
  const shared = right.filter((shingle) => left.has(shingle)).length;
  return shared / (left.size + right.length - shared);
}

/**
 * An edited copy meant to be a near-duplicate: up to 4 tries at an edit that keeps the shingle
 * Jaccard at 0.7 or more (short texts often cannot; the ground truth decides, not the intent).
 */
function plantedCopy(text: string, random: () => number): string {
  let copy = edit(text, random);
  for (let attempt = 1; attempt < 4 && shingleJaccard(text, copy) < 0.7; attempt += 1)
    copy = edit(text, random);
  return copy;
}

/**
 * The benchmark corpus: every real review of ../shared/data (waimai_10k and yelp_labelled),
 * records made by joining 2–3 real reviews of the same corpus (distinct texts that partly
 * overlap others: hard negatives), and planted near-duplicates, each an edited copy of an
 * earlier record placed after it. Seeded: the same size and seed give the same corpus.
 */
export function benchCorpus(
  size: number,
  options: { plantedShare?: number; seed?: number; referenceShare?: number } = {},
): BenchCorpus {
  const random = createRandom(options.seed ?? 2026);
  // A share of the real reviews can be held out as the reference corpus (never in the records).
  const held = new Set<ReviewRow>();
  const waimaiAll = waimaiRows();
  const yelpAll = yelpRows();
  const all = shuffle([...waimaiAll, ...yelpAll], random);
  for (const row of all.slice(0, Math.round(all.length * (options.referenceShare ?? 0)))) held.add(row);
  const waimai = waimaiAll.filter((row) => !held.has(row));
  const yelp = yelpAll.filter((row) => !held.has(row));
  const pool = [...waimai, ...yelp];
  const reference = options.referenceShare ? [...held] : pool;
  const planted = Math.round(size * (options.plantedShare ?? 0.3));
  const real = Math.min(pool.length, size - planted);
  const joined = size - planted - real;
  const base: BenchRecord[] = shuffle([...pool], random)
    .slice(0, real)
    .map((row) => ({ ...row, kind: "real" as const, source: undefined }));
  for (let index = 0; index < joined; index += 1) {
    const corpus = random() < waimai.length / pool.length ? waimai : yelp;
    const parts = Array.from(
      { length: 2 + Math.floor(random() * 2) },
      () => corpus[Math.floor(random() * corpus.length)]!,
    );
    base.push({
      text: parts.map((part) => part.text).join(corpus === waimai ? "，" : " "),
      label: parts[0]!.label,
      kind: "joined",
      source: undefined,
    });
  }
  shuffle(base, random);
  // Each planted copy goes after its source: sources are drawn, then copies are spread over the
  // rest of the order by inserting them at random later positions.
  const after = new Map<number, string[]>();
  for (let index = 0; index < planted; index += 1) {
    const source = Math.floor(random() * base.length);
    const list = after.get(source) ?? [];
    list.push(plantedCopy(base[source]!.text, random));
    after.set(source, list);
  }
  const due = new Map<number, { text: string; source: number }[]>();
  const records: BenchRecord[] = [];
  const positionOf = new Int32Array(base.length);
  base.forEach((record, index) => {
    positionOf[index] = records.length;
    records.push(record);
    for (const text of after.get(index) ?? []) {
      const at = index + Math.floor(random() * (base.length - index));
      const list = due.get(at) ?? [];
      list.push({ text, source: index });
      due.set(at, list);
    }
    for (const entry of due.get(index) ?? []) {
      records.push({
        text: entry.text,
        label: base[entry.source]!.label,
        kind: "planted",
        source: positionOf[entry.source]!,
      });
    }
  });
  return { records, counts: { real, joined, planted }, reference };
}
