import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { OutputPathError } from "../errors/OutputPathError.js";
import { describeFileSystemError } from "./describeFileSystemError.js";
import { displayPath } from "./displayPath.js";

/**
 * Creates a folder and its missing parents one level at a time, so that a failure is one
 * OutputPathError naming the part of the path at fault ("out/notes.txt is a file, not a
 * folder"). Node's own `mkdir({ recursive: true })` spins forever under `/proc` and names only
 * the whole path.
 */
export async function makeDirectory(directory: string, options: MakeDirectoryOptions = {}): Promise<void> {
  const missing = await missingFolders(directory, options);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      const stats = await stat(folder).catch(() => undefined);
      if (!stats?.isDirectory()) throw cannotCreate(directory, folder, error, options);
    }
  }
}

/**
 * Checks, creating nothing, that `makeDirectory` would not find a file in the way: for a
 * command to call before it does work whose result it then could not write.
 */
export async function checkDirectory(directory: string, options: MakeDirectoryOptions = {}): Promise<void> {
  await missingFolders(directory, options);
}

/** `makeDirectory` for synchronous callers (opening the store). */
export function makeDirectorySync(directory: string, options: MakeDirectoryOptions = {}): void {
  const missing = missingFoldersSync(directory, options);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      let isDirectory = false;
      try {
        isDirectory = statSync(folder).isDirectory();
      } catch {}
      if (!isDirectory) throw cannotCreate(directory, folder, error, options);
    }
  }
}

export interface MakeDirectoryOptions {
  /** Folder relative paths resolve against [process.cwd()]. */
  cwd?: string;
  /** The path the user asked for, which messages name, when `directory` is a helper folder for it. */
  shownAs?: string;
}

type Stats = { isDirectory(): boolean };

/**
 * The walk up from `directory` to the first folder that exists, as a generator so that the
 * asynchronous and synchronous callers share it: it yields each path to look at and is given
 * back its stats (undefined: absent); it returns the folders to create, outermost first, and
 * throws when a file stands where a folder must be.
 */
function* missingFolderWalk(
  directory: string,
  options: MakeDirectoryOptions,
): Generator<string, string[], Stats | undefined> {
  const missing: string[] = [];
  let current = path.resolve(options.cwd ?? process.cwd(), directory);
  for (;;) {
    const stats = yield current;
    if (stats) {
      if (!stats.isDirectory()) throw notAFolder(directory, current, options);
      return missing.reverse();
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) return missing.reverse();
    current = parent;
  }
}

async function missingFolders(directory: string, options: MakeDirectoryOptions): Promise<string[]> {
  const walk = missingFolderWalk(directory, options);
  for (let step = walk.next(); ; ) {
    if (step.done) return step.value;
    const current = step.value;
    step = walk.next(
      await stat(current).catch((error: unknown) => {
        if (isAbsent(error)) return undefined;
        throw cannotCreate(directory, current, error, options);
      }),
    );
  }
}

function missingFoldersSync(directory: string, options: MakeDirectoryOptions): string[] {
  const walk = missingFolderWalk(directory, options);
  for (let step = walk.next(); ; ) {
    if (step.done) return step.value;
    let stats: Stats | undefined;
    try {
      stats = statSync(step.value);
    } catch (error) {
      if (!isAbsent(error)) throw cannotCreate(directory, step.value, error, options);
    }
    step = walk.next(stats);
  }
}

/** ENOENT: not there; ENOTDIR: a file further up, found when the walk reaches it. */
function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function notAFolder(directory: string, file: string, options: MakeDirectoryOptions): OutputPathError {
  const cwd = options.cwd ?? process.cwd();
  const target = path.resolve(cwd, directory);
  return new OutputPathError(
    displayPath(options.shownAs ?? directory, cwd),
    file === target && options.shownAs === undefined
      ? "is a file, not a folder; expected a folder to write into."
      : `cannot be created, because ${displayPath(file, cwd)} is a file, not a folder; expected a folder path.`,
  );
}

function cannotCreate(
  directory: string,
  folder: string,
  error: unknown,
  options: MakeDirectoryOptions,
): OutputPathError {
  const cwd = options.cwd ?? process.cwd();
  const shown = options.shownAs ?? directory;
  const where = folder === path.resolve(cwd, shown) ? "" : ` (at ${displayPath(folder, cwd)})`;
  return new OutputPathError(
    displayPath(shown, cwd),
    `cannot create this folder${where}: ${describeFileSystemError(error)}; expected a folder you can write to.`,
    { cause: error },
  );
}
