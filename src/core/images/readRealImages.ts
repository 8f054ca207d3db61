import { access } from "node:fs/promises";
import path from "node:path";
import { InputFileError } from "../errors/InputFileError.js";
import { readTable } from "../fs/readTable.js";

/** One real image and its class. */
export interface RealImage {
  file: string;
  label: string;
}

/**
 * The real images a CSV lists (`file,class` columns; files relative to the CSV), in file order,
 * split into the first `perClass` of each class (the "few real" images a generator may use) and
 * the rest (what a student is evaluated on). Every file must exist and every class must be one of
 * `classes`; a bad row is one sentence naming its line.
 */
export async function readRealImages(
  labelsFile: string,
  classes: readonly string[],
  perClass: number,
): Promise<{ few: RealImage[]; rest: RealImage[] }> {
  const table = await readTable(labelsFile);
  for (const column of ["file", "class"]) {
    if (!table.columns.includes(column)) {
      throw new InputFileError(
        labelsFile,
        1,
        `has no "${column}" column; expected a header with file and class (found: ${table.columns.join(", ")})`,
      );
    }
  }
  const folder = path.dirname(labelsFile);
  const few: RealImage[] = [];
  const rest: RealImage[] = [];
  const taken = new Map<string, number>();
  for (const row of table.rows) {
    const name = String(row.values.file ?? "").trim();
    const label = String(row.values.class ?? "").trim();
    if (name === "") throw new InputFileError(labelsFile, row.line, "has an empty file name");
    if (!classes.includes(label)) {
      throw new InputFileError(
        labelsFile,
        row.line,
        `has class "${label}", which is not one of the recipe's classes (${classes.join(", ")})`,
      );
    }
    const file = path.resolve(folder, name);
    try {
      await access(file);
    } catch {
      throw new InputFileError(labelsFile, row.line, `names ${name}, which does not exist next to it`);
    }
    const count = taken.get(label) ?? 0;
    taken.set(label, count + 1);
    (count < perClass ? few : rest).push({ file, label });
  }
  return { few, rest };
}
