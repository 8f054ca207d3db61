import { readFile, stat, writeFile } from "node:fs/promises";
import { hashFile } from "./hashFile.js";

interface HashRecord {
  sizeBytes: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * sha256 of a file, remembered in a JSON sidecar keyed by the file's size and mtime.
 *
 * Verifying a model on every load means hashing it, which costs a second per ~1 GB. The
 * sidecar keeps loads fast: the file is hashed again only when its size or mtime changed
 * since the last hash (any rewrite of the file changes its mtime). A sidecar that cannot be
 * read or written is ignored and the file is hashed.
 */
export async function hashFileCached(file: string, sidecar: string): Promise<string> {
  const info = await stat(file);
  try {
    const record = JSON.parse(await readFile(sidecar, "utf8")) as Partial<HashRecord>;
    if (
      record.sizeBytes === info.size &&
      record.mtimeMs === info.mtimeMs &&
      typeof record.sha256 === "string" &&
      /^[0-9a-f]{64}$/.test(record.sha256)
    ) {
      return record.sha256;
    }
  } catch {
    // No sidecar yet, or an unreadable one: hash the file.
  }
  const sha256 = await hashFile(file);
  const after = await stat(file);
  if (after.size === info.size && after.mtimeMs === info.mtimeMs) {
    const record: HashRecord = { sizeBytes: info.size, mtimeMs: info.mtimeMs, sha256 };
    await writeFile(sidecar, JSON.stringify(record)).catch(() => undefined);
  }
  return sha256;
}
