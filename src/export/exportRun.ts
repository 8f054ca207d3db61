import path from "node:path";
import { UsageError } from "../core/errors/UsageError.js";
import { checkReplaceableFolder, replaceFolder } from "../core/fs/replaceFolder.js";
import { writeFileAtomic } from "../core/fs/writeFileAtomic.js";
import type { ExportFormat } from "../core/recipe/exportSchema.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { Store } from "../store/Store.js";
import { renderDatasetCard } from "./datasetCard.js";
import { exportContext } from "./exportContext.js";
import { exportFormatWriters } from "./formats/exportFormats.js";
import { parquetColumnType, parquetTable, tableColumns } from "./parquetTable.js";
import { previousExportFiles } from "./previousExportFiles.js";
import { type SplitName, type SplitShares, splitNames, splitRecords } from "./splitRecords.js";

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
  /** The row a record becomes [its data] (an annotation run adds the vote's status columns). */
  rowOf?: (record: GeneratedRecord) => Record<string, unknown>;
  /** Further files written in the same step, after the data files (an annotated copy of the input, its report). */
  extraFiles?: { name: string; render: () => string | Uint8Array }[];
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
 * The whole set replaces the previous export at once (see `replaceFolder`): readers, and a
 * killed export, see one complete version or the other. The export is recorded as an `export` artifact of the run,
 * keyed by the output folder. `provenance.jsonl` beside the data holds every record of the run,
 * rejected ones included, with its full provenance and quality decisions. Every split is also
 * written as Parquet (`train.parquet`...), with a Hugging Face dataset card (`README.md`: the
 * fields, splits, label counts, recipe, models, gates and verification, and front matter that
 * names the Parquet file of each split), so the folder loads with `datasets` or uploads to the Hub as it is.
 */
export async function exportRun(options: ExportOptions): Promise<ExportResult> {
  const { recipe } = options;
  const cwd = options.cwd ?? process.cwd();
  const directory = exportDirectory(recipe, options.directory, cwd);
  const formats = [...new Set(options.formats ?? recipe.export.formats)];
  const split = options.split ?? recipe.export.split;
  const context = exportContext(recipe);
  checkFormatsFit(formats, context);
  const records = options.store
    .listRecords(options.runId, { status: "accepted" })
    .filter((record) => record.data !== undefined)
    .sort((a, b) => a.provenance.slotIndex - b.provenance.slotIndex);
  const rows = records.map((record) => options.rowOf?.(record) ?? record.data!);
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

  const names: string[] = [];
  const rendered: [string, () => string | Uint8Array][] = [];
  for (const format of formats) {
    const writer = exportFormatWriters[format];
    for (const [name, part] of parts) {
      const file = `${name}${writer.suffix}`;
      names.push(file);
      rendered.push([file, () => writer.render(part, context)]);
    }
  }
  for (const format of formats) {
    const sidecar = exportFormatWriters[format].sidecar;
    if (sidecar) {
      names.push(sidecar.name);
      rendered.push([sidecar.name, () => sidecar.render(context)]);
    }
  }
  for (const extra of options.extraFiles ?? []) {
    names.push(extra.name);
    rendered.push([extra.name, extra.render]);
  }
  // Parquet beside every format, and the dataset card that names its files per split.
  const otherFiles = [...names];
  const columns = tableColumns(context.fields, rows);
  for (const [name, part] of parts) {
    names.push(`${name}.parquet`);
    rendered.push([`${name}.parquet`, () => parquetTable(columns, part)]);
  }
  names.push("README.md");
  rendered.push([
    "README.md",
    () =>
      renderDatasetCard({
        recipe,
        runId: options.runId,
        columns: columns.map((name) => ({ name, type: parquetColumnType(rows.map((row) => row[name])) })),
        splits: parts.map(([name, part]) => ({ name, file: `${name}.parquet`, rows: part })),
        records: options.store.listRecords(options.runId),
        reviews: options.store.listReviews(options.runId),
        files: otherFiles,
      }),
  ]);
  // The provenance log: every record of the run, accepted or rejected, with where it came
  // from and every decision taken about it, one JSON object a line.
  names.push("provenance.jsonl");
  rendered.push([
    "provenance.jsonl",
    () =>
      options.store
        .listRecords(options.runId)
        .sort(
          (a, b) =>
            a.provenance.slotIndex - b.provenance.slotIndex || a.provenance.attempt - b.provenance.attempt,
        )
        .map((record) => `${JSON.stringify(record)}\n`)
        .join(""),
  ]);
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
    ...(context.instructionField === undefined ? {} : { instructionField: context.instructionField }),
    inputField: context.inputField,
    outputField: context.outputField,
    counts,
    files: [...names],
  };
  names.push("manifest.json");
  rendered.push(["manifest.json", () => `${JSON.stringify(manifest, null, 2)}\n`]);
  // The whole set goes into a new version of the folder, which replaces the old one at once:
  // a killed export leaves the previous complete export, never a mix of two.
  await replaceFolder(
    directory,
    async (folder) => {
      for (const [name, render] of rendered) await writeFileAtomic(path.join(folder, name), render());
    },
    {
      replaces: new Set([...(await previousExportFiles(directory)), ...names]),
      adoptable: isExportFile,
      cwd,
    },
  );
  const files = names.map((name) => path.join(directory, name));
  options.store.putArtifact(options.runId, "export", directory, { ...manifest, directory, files });
  return { directory, files, counts };
}

/** Where an export of `recipe` goes: `directory`, else `export.dir`, else `out/<name>`, from `cwd`. */
export function exportDirectory(recipe: Recipe, directory?: string, cwd: string = process.cwd()): string {
  return path.resolve(cwd, directory ?? recipe.export.dir ?? path.join("out", recipe.name));
}

/**
 * Checks, writing nothing, that an export of `recipe` could go to `directory` (see
 * `exportDirectory`): for `synthforge run` to call before it generates, so that a file in the
 * way is reported in a second, not after the model has run.
 */
export async function checkExportFolder(recipe: Recipe, directory?: string, cwd?: string): Promise<void> {
  checkFormatsFit(recipe.export.formats, exportContext(recipe));
  const resolved = cwd ?? process.cwd();
  await checkReplaceableFolder(exportDirectory(recipe, directory, resolved), {
    adoptable: isExportFile,
    cwd: resolved,
  });
}

/** Refuses, in one sentence, a format the recipe's records cannot be written in (an NER format without an entity list). */
function checkFormatsFit(formats: readonly ExportFormat[], context: ReturnType<typeof exportContext>): void {
  const needing = formats.filter((format) => exportFormatWriters[format].needsEntities);
  if (needing.length > 0 && context.entities === undefined) {
    throw new UsageError(
      `export format${needing.length > 1 ? "s" : ""} ${needing.join(", ")} need${needing.length > 1 ? "" : "s"} an entity list in output.schema: an array property whose items are objects with a string \`text\` and a \`type\` (an enum of the entity types).`,
    );
  }
}

const exportFileNames = new Set([
  ...["data", ...splitNames].flatMap((name) =>
    [...Object.values(exportFormatWriters).map((writer) => writer.suffix), ".parquet"].map(
      (suffix) => `${name}${suffix}`,
    ),
  ),
  "README.md",
  ...Object.values(exportFormatWriters).flatMap((writer) => (writer.sidecar ? [writer.sidecar.name] : [])),
  "provenance.jsonl",
  "manifest.json",
  "report.json",
  "report.html",
  "train",
  // An image export (export/images): class folders and their labels.
  "images",
  "labels.csv",
]);

/** What Synthforge itself writes into an export folder: data, manifest, report, training output, an annotated copy. */
function isExportFile(name: string): boolean {
  return (
    exportFileNames.has(name) ||
    /^annotated\.(csv|tsv|txt|jsonl?)$|^annotation-report\.(json|html)$/.test(name)
  );
}
