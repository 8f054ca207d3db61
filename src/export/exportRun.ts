import path from "node:path";
import type { ExportFormat } from "../core/recipe/exportSchema.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { Store } from "../store/Store.js";
import { exportContext } from "./exportContext.js";
import { exportFormatWriters } from "./formats/exportFormats.js";
import { type SplitName, type SplitShares, splitNames, splitRecords } from "./splitRecords.js";
import { writeFileAtomic } from "./writeFileAtomic.js";

export interface ExportOptions {
  store: Store;
  runId: string;
  /** The recipe of the run (its output schema, export settings and plan seed). */
  recipe: Recipe;
  /** Output folder [recipe `export.dir`, else `out/<recipe name>`], relative to `cwd`. */
  directory?: string;
  /** Formats to write [recipe `export.formats`]. */
  formats?: ExportFormat[];
  /** Train/validation/test shares [recipe `export.split`; none writes one `data` file per format]. */
  split?: SplitShares;
  /** Folder relative paths resolve against [process.cwd()]. */
  cwd?: string;
}

export interface ExportResult {
  directory: string;
  /** Every file written, data files first, then `manifest.json`. */
  files: string[];
  /** Records per split (`data` when unsplit). */
  counts: Record<string, number>;
}

/**
 * Writes the accepted records of a run in each format, split into train/validation/test when
 * asked (seeded with the plan seed, stratified by the label field), plus a `manifest.json`.
 * Each file is written atomically. The export is recorded as an `export` artifact of the run,
 * keyed by the output folder. `provenance.jsonl` beside the data holds every record of the run,
 * rejected ones included, with its full provenance and quality decisions.
 */
export async function exportRun(options: ExportOptions): Promise<ExportResult> {
  const { recipe } = options;
  const cwd = options.cwd ?? process.cwd();
  const directory = path.resolve(
    cwd,
    options.directory ?? recipe.export.dir ?? path.join("out", recipe.name),
  );
  const formats = [...new Set(options.formats ?? recipe.export.formats)];
  const split = options.split ?? recipe.export.split;
  const context = exportContext(recipe);
  const records = options.store
    .listRecords(options.runId, { status: "accepted" })
    .filter((record) => record.data !== undefined)
    .sort((a, b) => a.provenance.slotIndex - b.provenance.slotIndex);
  const rows = records.map((record) => record.data!);
  const labelField = recipe.output.labelField;
  const parts: [string, Record<string, unknown>[]][] = split
    ? (() => {
        const divided = splitRecords(
          rows,
          split,
          recipe.plan.seed,
          labelField === undefined ? undefined : (row) => String(row[labelField]),
        );
        return splitNames
          .filter((name: SplitName) => split[name] > 0)
          .map((name): [string, Record<string, unknown>[]] => [name, divided[name]]);
      })()
    : [["data", rows]];

  const files: string[] = [];
  for (const format of formats) {
    const writer = exportFormatWriters[format];
    for (const [name, part] of parts) {
      const file = path.join(directory, `${name}${writer.suffix}`);
      await writeFileAtomic(file, writer.render(part, context));
      files.push(file);
    }
  }
  // The provenance log: every record of the run, accepted or rejected, with where it came
  // from and every decision taken about it, one JSON object a line.
  const provenanceFile = path.join(directory, "provenance.jsonl");
  const everyRecord = options.store
    .listRecords(options.runId)
    .sort(
      (a, b) =>
        a.provenance.slotIndex - b.provenance.slotIndex || a.provenance.attempt - b.provenance.attempt,
    );
  await writeFileAtomic(provenanceFile, everyRecord.map((record) => `${JSON.stringify(record)}\n`).join(""));
  files.push(provenanceFile);
  const counts = Object.fromEntries(parts.map(([name, part]) => [name, part.length]));
  const manifest = {
    recipe: recipe.name,
    runId: options.runId,
    exportedAt: new Date().toISOString(),
    records: rows.length,
    formats,
    split: split ?? null,
    splitSeed: recipe.plan.seed,
    stratifiedBy: split ? (labelField ?? null) : null,
    instruction: context.instruction,
    inputField: context.inputField,
    outputField: context.outputField,
    counts,
    files: files.map((file) => path.basename(file)),
  };
  const manifestFile = path.join(directory, "manifest.json");
  await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  files.push(manifestFile);
  options.store.putArtifact(options.runId, "export", directory, { ...manifest, directory, files });
  return { directory, files, counts };
}
