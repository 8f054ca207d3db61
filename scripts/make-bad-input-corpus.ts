// Writes the bad-input corpus, test/corpus/<class>/<case>/, from the class modules in
// scripts/bad-input-corpus/. Each class folder is rewritten whole; commit what it writes.
// src/cli/badInputCorpus.test.ts replays every case and fails when the corpus is stale.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpusFiles } from "./bad-input-corpus/corpusFiles.js";
import { badInputClasses } from "./bad-input-corpus/index.js";

const root = fileURLToPath(new URL("../test/corpus", import.meta.url));
const files = await corpusFiles();
for (const badInputClass of badInputClasses)
  rmSync(path.join(root, badInputClass.name), { recursive: true, force: true });
for (const [name, content] of files) {
  const file = path.join(root, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}
const cases = [...files.keys()].filter((name) => name.endsWith("/case.json")).length;
console.log(`wrote ${cases} cases in ${badInputClasses.length} classes to test/corpus/`);
