// Runs test/support/exportUntilKilled.ts in a child process: the export tests that kill an
// export at every change it makes to the file system share this one launcher.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const child = fileURLToPath(new URL("./exportUntilKilled.ts", import.meta.url));
const repository = fileURLToPath(new URL("../..", import.meta.url));

/** The exporting child's settings (see exportUntilKilled.ts). */
export interface ExportChildSettings {
  storeFile: string;
  recipeFile: string;
  cwd: string;
  formats: readonly string[];
  split: { train: number; validation: number; test: number };
  /** Kill before this change (1-based); 0 never kills. */
  killAt: number;
}

/** Runs the exporting child; resolves with its output, or "killed". */
export function exportInChild(settings: ExportChildSettings): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", child, JSON.stringify(settings)],
      { cwd: repository },
      (error, stdout, stderr) => {
        if (error?.signal === "SIGKILL") resolve("killed");
        else if (error) reject(new Error(stderr || String(error)));
        else resolve(stdout.trim());
      },
    );
  });
}
