// The development data folder beside the repository (../shared/data, docs/data.md), as the
// benches that measure rules on real text read it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data");

/** A file of the folder as text; a missing one ends the bench with one sentence naming it. */
export function readDevelopmentFile(bench: string, name: string): string {
  const file = path.join(data, name);
  if (!existsSync(file)) {
    console.error(`${bench} needs ${file}, which is absent.`);
    process.exit(1);
  }
  return readFileSync(file, "utf8");
}

/** The objects of a JSON Lines text, blank lines skipped, each taken to be a `Row`. */
export function jsonLines<Row = { text: string }>(text: string): Row[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);
}
