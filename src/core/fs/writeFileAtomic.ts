import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { OutputPathError } from "../errors/OutputPathError.js";
import { describeFileSystemError } from "./describeFileSystemError.js";
import { displayPath } from "./displayPath.js";
import { makeDirectory } from "./makeDirectory.js";

/**
 * Writes an output file so readers see either the old content or the whole new one: the text (or bytes)
 * goes to a temporary file in the same folder, which is then renamed over the target. Missing
 * folders are created; any failure is one OutputPathError naming the path, and leaves no
 * temporary file behind.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await makeDirectory(path.dirname(file), { shownAs: file });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, content, "utf8");
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new OutputPathError(
      displayPath(file),
      `cannot be written: ${describeFileSystemError(error)}; expected a file you can write to.`,
      { cause: error },
    );
  }
}
