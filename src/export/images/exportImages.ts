import { mkdir } from "node:fs/promises";
import path from "node:path";
import { replaceFolder } from "../../core/fs/replaceFolder.js";
import { writeFileAtomic } from "../../core/fs/writeFileAtomic.js";
import type { Store } from "../../store/Store.js";
import { previousExportFiles } from "../previousExportFiles.js";

export interface ImageExportResult {
  directory: string;
  /** Files relative to the export folder. */
  files: string[];
  counts: Record<string, number>;
  /** Every exported image, as the student is trained on it. */
  images: { file: string; label: string }[];
}

/** The names an image export writes at the top of its folder. */
export const imageExportFiles = ["images", "labels.csv", "provenance.jsonl", "manifest.json"] as const;

/**
 * Writes the accepted images of a run as class folders (`images/<class>/<record id>.png`), a
 * labels CSV (`file,class,sha256,seed`, files relative to the folder) and one provenance line
 * per image (its seed, every generator parameter, the slot and attempt). The set replaces the
 * previous export in one step (`replaceFolder`), so a kill leaves the old or the new, never a mix.
 */
export async function exportImages(options: {
  store: Store;
  runId: string;
  recipeName: string;
  directory: string;
  cwd?: string;
}): Promise<ImageExportResult> {
  const records = options.store
    .listRecords(options.runId, { status: "accepted" })
    .sort((a, b) => a.provenance.slotIndex - b.provenance.slotIndex);
  const counts: Record<string, number> = {};
  const rows = ["file,class,sha256,seed"];
  const provenance: string[] = [];
  const images: { file: string; label: string; png: Buffer }[] = [];
  for (const record of records) {
    const label = String(record.data?.label);
    const file = `images/${label}/${record.id}.png`;
    counts[label] = (counts[label] ?? 0) + 1;
    rows.push(`${file},${label},${String(record.data?.sha256)},${String(record.data?.seed)}`);
    images.push({ file, label, png: Buffer.from(String(record.data?.image), "base64") });
    provenance.push(
      JSON.stringify({
        id: record.id,
        file,
        label,
        sha256: record.data?.sha256,
        dhash: record.data?.dhash,
        seed: record.data?.seed,
        generator: record.data?.generator,
        slotIndex: record.provenance.slotIndex,
        attempt: record.provenance.attempt,
        round: record.provenance.round,
        strategy: record.provenance.strategy,
        timing: record.provenance.timing,
      }),
    );
  }
  const manifest = {
    recipe: options.recipeName,
    runId: options.runId,
    exportedAt: new Date().toISOString(),
    records: records.length,
    counts,
    files: [...imageExportFiles],
  };
  await replaceFolder(
    options.directory,
    async (folder) => {
      for (const label of Object.keys(counts))
        await mkdir(path.join(folder, "images", label), { recursive: true });
      for (const image of images) await writeFileAtomic(path.join(folder, image.file), image.png);
      await writeFileAtomic(path.join(folder, "labels.csv"), `${rows.join("\n")}\n`);
      await writeFileAtomic(
        path.join(folder, "provenance.jsonl"),
        provenance.map((line) => `${line}\n`).join(""),
      );
      await writeFileAtomic(path.join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    },
    {
      replaces: new Set([...(await previousExportFiles(options.directory)), ...imageExportFiles]),
      adoptable: (name) =>
        (imageExportFiles as readonly string[]).includes(name) || /^report\.(json|html)$|^train$/.test(name),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    },
  );
  options.store.putArtifact(options.runId, "export", options.directory, {
    ...manifest,
    directory: options.directory,
  });
  return {
    directory: options.directory,
    files: [...imageExportFiles],
    counts,
    images: images.map(({ file, label }) => ({ file: path.join(options.directory, file), label })),
  };
}
