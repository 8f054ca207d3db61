import { readFile } from "node:fs/promises";
import path from "node:path";

/** The files the previous export in `directory` wrote, from its manifest (none when it has no readable one). */
export async function previousExportFiles(directory: string): Promise<string[]> {
  try {
    const manifest = JSON.parse(await readFile(path.join(directory, "manifest.json"), "utf8")) as {
      files?: unknown;
    };
    return Array.isArray(manifest.files) ? manifest.files.filter((file) => typeof file === "string") : [];
  } catch {
    return [];
  }
}
