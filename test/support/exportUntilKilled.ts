// Exports a run in a child process and prints how many changes it made to the file system.
// With `killAt` = n it SIGKILLs itself just before its n-th change, leaving the files exactly
// as a kill at that moment would. Used by src/export/exportKill.test.ts.
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";

interface Settings {
  storeFile: string;
  recipeFile: string;
  cwd: string;
  formats: ("jsonl" | "openai" | "csv" | "conll" | "hf-ner" | "spacy")[];
  split: { train: number; validation: number; test: number };
  /** Kill before this change (1-based); 0 never kills. */
  killAt: number;
}

const settings = JSON.parse(process.argv[2]!) as Settings;
let changes = 0;
const functions = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ["writeFile", "rename", "mkdir", "symlink", "rm", "link", "copyFile", "unlink", "rmdir"]) {
  const original = functions[name]!;
  functions[name] = (...args: unknown[]) => {
    changes += 1;
    if (changes === settings.killAt) process.kill(process.pid, "SIGKILL");
    return original(...args);
  };
}
syncBuiltinESMExports();

const { loadRecipe } = await import("../../src/core/recipe/loadRecipe.js");
const { exportRun } = await import("../../src/export/exportRun.js");
const { runIdFor } = await import("../../src/pipeline/run/runIdFor.js");
const { openStore } = await import("../../src/store/openStore.js");

const loaded = await loadRecipe(settings.recipeFile);
const store = openStore(settings.storeFile);
try {
  await exportRun({
    store,
    runId: runIdFor(loaded),
    recipe: loaded.recipe,
    cwd: settings.cwd,
    formats: settings.formats,
    split: settings.split,
  });
} finally {
  store.close();
}
process.stdout.write(`${changes}\n`);
