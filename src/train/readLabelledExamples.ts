import { InputFileError } from "../core/errors/InputFileError.js";
import { readTable } from "../core/fs/readTable.js";
import { createRandom, shuffle } from "../core/stats/random.js";

/** A text with its label, as the worker's evaluation takes it. */
export interface LabelledExample {
  text: string;
  label: string;
}

/** Options of {@link readLabelledExamples}. */
export interface ReadLabelledOptions {
  /** Column (or JSON field) with the text [text]. */
  textColumn?: string;
  /** Column (or JSON field) with the label [label]. */
  labelColumn?: string;
  /** Map from the file's labels to the model's, e.g. {"1": "positive", "0": "negative"}. */
  labelMap?: Record<string, string>;
  /** The model's label set: a label outside it (after mapping) is an error naming the line. */
  labels?: readonly string[];
  /** Texts to leave out (compared after trimming), e.g. the label examples a generator was shown. */
  exclude?: readonly string[];
  /** Keep at most this many, a seeded sample that keeps each label's share. */
  limit?: number;
  /** Keep each label's share in the sample [true]; false for answers that are not classes (entity lists, translations). */
  stratify?: boolean;
  seed?: number;
}

/**
 * Reads labelled examples from a JSONL, CSV or TSV file (a real reference set such as
 * `yelp_labelled.txt`, or a held-out split), mapping columns and labels by the options.
 */
export async function readLabelledExamples(
  file: string,
  options: ReadLabelledOptions = {},
): Promise<LabelledExample[]> {
  const textColumn = options.textColumn ?? "text";
  const labelColumn = options.labelColumn ?? "label";
  const table = await readTable(file, { textColumn });
  for (const column of [textColumn, labelColumn]) {
    if (table.rows.length > 0 && !table.columns.includes(column)) {
      throw new InputFileError(
        file,
        undefined,
        `has no column "${column}" (columns: ${table.columns.join(", ")}); pick one with --text-column / --label-column`,
      );
    }
  }
  const examples = table.rows.map(({ line, values }) => {
    const text = values[textColumn];
    const raw = values[labelColumn];
    if (typeof text !== "string" || text.trim() === "")
      throw new InputFileError(file, line, `field "${textColumn}" is empty; expected the text`);
    // An empty entity list ([]) is an answer: a sentence that names nothing.
    if (raw === undefined || raw === null || (typeof raw !== "object" && String(raw).trim() === ""))
      throw new InputFileError(file, line, `field "${labelColumn}" is empty; expected a label`);
    // A structured answer (an extraction record's entity list) is compared as its JSON text.
    const original = typeof raw === "object" ? JSON.stringify(raw) : String(raw).trim();
    const label = options.labelMap?.[original] ?? original;
    if (options.labels && !options.labels.includes(label)) {
      throw new InputFileError(
        file,
        line,
        `label "${original}" is not one of ${options.labels.join(", ")}; map it with --label-map ${original}=<label>`,
      );
    }
    return { text, label };
  });
  if (examples.length === 0) throw new InputFileError(file, undefined, "has no examples");
  const excluded = new Set((options.exclude ?? []).map((text) => text.trim()));
  const kept =
    excluded.size === 0 ? examples : examples.filter((example) => !excluded.has(example.text.trim()));
  if (kept.length === 0)
    throw new InputFileError(file, undefined, "has no examples left once those to exclude are");
  if (options.limit === undefined) return kept;
  return options.stratify === false
    ? sampleExamples(kept, options.limit, options.seed ?? 42)
    : stratifiedSample(kept, options.limit, options.seed ?? 42);
}

/** At most `limit` examples, each label keeping its share, in a seeded order. */
export function stratifiedSample(
  examples: readonly LabelledExample[],
  limit: number,
  seed: number,
): LabelledExample[] {
  if (examples.length <= limit) return [...examples];
  const random = createRandom(seed);
  const byLabel = new Map<string, LabelledExample[]>();
  for (const example of examples) {
    const group = byLabel.get(example.label) ?? [];
    group.push(example);
    byLabel.set(example.label, group);
  }
  const groups = [...byLabel.entries()].sort(([a], [b]) => a.localeCompare(b));
  const picked: LabelledExample[] = [];
  let remaining = limit;
  groups.forEach(([, group], index) => {
    shuffle(group, random);
    const left = examples.length - groups.slice(0, index).reduce((sum, [, g]) => sum + g.length, 0);
    const take = index === groups.length - 1 ? remaining : Math.round((group.length / left) * remaining);
    picked.push(...group.slice(0, take));
    remaining -= Math.min(take, group.length);
  });
  return picked;
}

/** At most `limit` examples, a seeded sample kept in file order (for answers that are not classes). */
export function sampleExamples<T>(examples: readonly T[], limit: number | undefined, seed: number): T[] {
  if (limit === undefined || examples.length <= limit) return [...examples];
  const indexes = shuffle(
    examples.map((_, index) => index),
    createRandom(seed),
  )
    .slice(0, limit)
    .sort((a, b) => a - b);
  return indexes.map((index) => examples[index]!);
}

/** Parses `--label-map 1=positive,0=negative`. */
export function parseLabelMap(text: string): Record<string, string> | undefined {
  const map: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const match = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(pair);
    if (!match) return undefined;
    map[match[1]!] = match[2]!;
  }
  return map;
}
