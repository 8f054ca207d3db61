import { randomBytes } from "node:crypto";
import { copyFile, link, lstat, mkdir, readdir, readlink, rename, rm, stat, symlink } from "node:fs/promises";
import path from "node:path";
import { OutputPathError } from "../errors/OutputPathError.js";
import { describeFileSystemError } from "./describeFileSystemError.js";
import { displayPath } from "./displayPath.js";
import { checkDirectory, makeDirectory } from "./makeDirectory.js";

export interface ReplaceFolderOptions {
  /** Names of the current version that the new set replaces; every other entry is carried over. */
  replaces: ReadonlySet<string>;
  /**
   * Whether an entry of a plain folder (one not yet written by `replaceFolder`) may be taken
   * over; a folder holding anything else is refused untouched.
   */
  adoptable: (name: string) => boolean;
  /** Folder the working directory check uses [process.cwd()]. */
  cwd?: string;
}

/**
 * Writes a new version of `directory` and switches to it in one step, so that a reader (or a
 * process killed at any moment) sees either the old complete set of files or the new complete
 * one, never a mix. `directory` is a symbolic link to `.<name>.versions/<version>` beside it:
 * `fill` writes the new set into a fresh version folder, entries of the current version that
 * the new set does not replace (a report, a training folder) are hard-linked into it, then a
 * new link is renamed over the old one (rename is atomic) and the old version is removed.
 * Versions and links left behind by killed processes are removed on the next call.
 */
export async function replaceFolder(
  directory: string,
  fill: (folder: string) => Promise<void>,
  options: ReplaceFolderOptions,
): Promise<void> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const target = path.resolve(cwd, directory);
  const shown = displayPath(target, cwd);
  const parent = path.dirname(target);
  const name = path.basename(target);
  if (parent === target) {
    throw new OutputPathError(shown, "is the root folder; expected a folder of the export's own.");
  }
  const versions = path.join(parent, `.${name}.versions`);
  await makeDirectory(parent, { cwd, shownAs: target });
  await finishInterruptedSwitch(target, shown);
  const current = await currentFolder(target, shown, cwd, options);
  await makeDirectory(versions, { cwd, shownAs: target });
  await removeLeftovers(parent, name, current?.kind === "version" ? current.folder : undefined);

  const version = path.join(versions, versionName());
  try {
    await guard(shown, () => mkdir(version));
    await fill(version).catch((error: unknown) => {
      // Name the folder the user asked for, not the version folder inside it.
      if (!(error instanceof OutputPathError)) throw error;
      throw new OutputPathError(
        shown,
        `cannot be written: ${describeFileSystemError(error.cause)}; expected a folder you can write to.`,
        { cause: error.cause },
      );
    });
    if (current !== undefined) await guard(shown, () => carryOver(current.folder, version, options.replaces));
  } catch (error) {
    await rm(version, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }

  // The temporary link exists only once the new version is complete, so a run killed after
  // this point is finished by the next call (see finishInterruptedSwitch).
  const temporaryLink = await linkTo(version, parent, name, shown);
  if (current?.kind === "plain") {
    // A plain folder (from an older Synthforge, or a report written before the first export)
    // becomes an old version; only between these two renames is `directory` absent.
    await guard(shown, () => rename(target, path.join(versions, versionName())));
  }
  await guard(shown, () => rename(temporaryLink, target));
  if (current?.kind === "version") await rm(current.folder, { recursive: true, force: true });
  await removeLeftovers(parent, name, version);
}

/**
 * Checks, creating and changing nothing, that `replaceFolder` could write `directory`: no file
 * in its way, and not a plain folder it would refuse to take over. For a command to call before
 * work whose result goes there.
 */
export async function checkReplaceableFolder(
  directory: string,
  options: Omit<ReplaceFolderOptions, "replaces">,
): Promise<void> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const target = path.resolve(cwd, directory);
  const shown = displayPath(target, cwd);
  if (path.dirname(target) === target) {
    throw new OutputPathError(shown, "is the root folder; expected a folder of the export's own.");
  }
  await checkDirectory(path.dirname(target), { cwd, shownAs: target });
  await currentFolder(target, shown, cwd, { ...options, replaces: new Set() });
}

/**
 * Creates `directory`, when it does not exist yet, as a link to an empty first version, so that
 * files written into it now (a report) are kept and the export that follows switches versions
 * in one step instead of first moving a plain folder aside. An existing folder is left as it is.
 */
export async function makeReplaceableFolder(
  directory: string,
  options: { cwd?: string } = {},
): Promise<void> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const target = path.resolve(cwd, directory);
  const shown = displayPath(target, cwd);
  const parent = path.dirname(target);
  const name = path.basename(target);
  if (parent === target) return;
  await makeDirectory(parent, { cwd, shownAs: target });
  await finishInterruptedSwitch(target, shown);
  if (await isFolder(target, shown)) return;
  const versions = path.join(parent, `.${name}.versions`);
  await makeDirectory(versions, { cwd, shownAs: target });
  const version = path.join(versions, versionName());
  await guard(shown, () => mkdir(version));
  const temporaryLink = await linkTo(version, parent, name, shown);
  try {
    await rename(temporaryLink, target);
  } catch (error) {
    // Another process made the folder first: use theirs.
    await rm(temporaryLink, { force: true });
    await rm(version, { recursive: true, force: true });
    if (!(await isFolder(target, shown))) throw guardError(shown, error);
  }
}

/** Whether `target` is a folder (or a link to one); a file there is an error. */
async function isFolder(target: string, shown: string): Promise<boolean> {
  const stats = await lstat(target).catch(() => undefined);
  if (stats === undefined) return false;
  if (stats.isDirectory()) return true;
  const resolved = await stat(target).catch(() => undefined);
  if (stats.isSymbolicLink() && resolved === undefined) return false;
  if (resolved?.isDirectory()) return true;
  throw new OutputPathError(shown, "is a file, not a folder; expected a folder to write into.");
}

/** A new link beside `name` pointing at `version`, under a temporary name that tells its process. */
async function linkTo(version: string, parent: string, name: string, shown: string): Promise<string> {
  const temporaryLink = path.join(parent, `.${name}.link-${process.pid}-${randomBytes(4).toString("hex")}`);
  const isWindows = process.platform === "win32";
  await guard(shown, () =>
    symlink(
      isWindows ? version : path.relative(parent, version),
      temporaryLink,
      isWindows ? "junction" : "dir",
    ),
  );
  return temporaryLink;
}

type CurrentFolder = { kind: "version" | "plain"; folder: string };

/** What `directory` is now: a link to a version, a plain folder to adopt, or nothing yet. */
async function currentFolder(
  target: string,
  shown: string,
  cwd: string,
  options: ReplaceFolderOptions,
): Promise<CurrentFolder | undefined> {
  const stats = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new OutputPathError(shown, `cannot be read: ${describeFileSystemError(error)}.`, {
      cause: error,
    });
  });
  if (stats === undefined) return undefined;
  if (stats.isSymbolicLink()) {
    const linked = path.resolve(path.dirname(target), await readlink(target));
    const versions = path.join(path.dirname(target), `.${path.basename(target)}.versions`);
    if (path.dirname(linked) !== versions) {
      // Someone else's link (to a folder on another disk, say): its folder is not ours to replace.
      throw new OutputPathError(
        shown,
        `is a link to ${linked}, which Synthforge did not make; expected a folder of the export's own, so remove the link or choose another output folder.`,
      );
    }
    const isFolder = (await lstat(linked).catch(() => undefined))?.isDirectory() ?? false;
    return isFolder ? { kind: "version", folder: linked } : undefined;
  }
  if (!stats.isDirectory()) {
    throw new OutputPathError(shown, "is a file, not a folder; expected a folder for the export.");
  }
  const relative = path.relative(target, cwd);
  if (!relative.startsWith("..") && !path.isAbsolute(relative)) {
    throw new OutputPathError(
      shown,
      "is the working folder or one above it; expected a folder of the export's own, such as out/<recipe name>.",
    );
  }
  const foreign = (await readdir(target)).filter((entry) => !options.adoptable(entry) && !isTemporary(entry));
  if (foreign.length > 0) {
    throw new OutputPathError(
      shown,
      `holds files an export did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""}); expected an empty folder or an earlier export, so choose another output folder.`,
    );
  }
  return { kind: "plain", folder: target };
}

/**
 * A process killed between moving a plain folder aside and renaming the new link into place
 * left `directory` absent beside a complete new version and its link: finish the switch.
 */
async function finishInterruptedSwitch(target: string, shown: string): Promise<void> {
  if ((await lstat(target).catch(() => undefined)) !== undefined) return;
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.link-`;
  const links: { link: string; version: string }[] = [];
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix) || !isAbandoned(entry)) continue;
    const link = path.join(parent, entry);
    const version = await readlink(link).catch(() => undefined);
    if (
      version !== undefined &&
      (await lstat(path.resolve(parent, version)).catch(() => undefined))?.isDirectory()
    )
      links.push({ link, version: path.basename(version) });
  }
  const newest = links.sort((a, b) => (a.version < b.version ? 1 : -1))[0];
  if (newest) await guard(shown, () => rename(newest.link, target));
}

/** A version name that sorts by time and tells which process wrote it. */
function versionName(): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Removes versions other than `keep`, and temporary links, that no running process is still writing. */
async function removeLeftovers(parent: string, name: string, keep: string | undefined): Promise<void> {
  const versions = path.join(parent, `.${name}.versions`);
  for (const entry of await readdir(versions).catch(() => [] as string[])) {
    const folder = path.join(versions, entry);
    if (folder === keep || !isAbandoned(entry)) continue;
    await rm(folder, { recursive: true, force: true });
  }
  const linkPrefix = `.${name}.link-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (entry.startsWith(linkPrefix) && isAbandoned(entry))
      await rm(path.join(parent, entry), { force: true });
  }
}

/** Written by this process (and so finished with), or by one that is no longer running. */
function isAbandoned(entry: string): boolean {
  const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(entry)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function isTemporary(entry: string): boolean {
  return /^\..*\.tmp$/.test(entry);
}

/** Hard-links (or copies, across devices) what the new set does not replace into the new version. */
async function carryOver(from: string, to: string, replaces: ReadonlySet<string>): Promise<void> {
  const written = new Set(await readdir(to));
  for (const entry of await readdir(from)) {
    if (replaces.has(entry) || written.has(entry) || isTemporary(entry)) continue;
    await linkTree(path.join(from, entry), path.join(to, entry));
  }
}

async function linkTree(from: string, to: string): Promise<void> {
  const stats = await lstat(from);
  if (stats.isDirectory()) {
    await mkdir(to);
    for (const entry of await readdir(from)) await linkTree(path.join(from, entry), path.join(to, entry));
  } else if (stats.isSymbolicLink()) {
    await symlink(await readlink(from), to);
  } else if (stats.isFile()) {
    await link(from, to).catch(() => copyFile(from, to));
  }
}

/** Runs a file-system step, turning its failure into one sentence naming the folder. */
async function guard<T>(shown: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw guardError(shown, error);
  }
}

function guardError(shown: string, error: unknown): OutputPathError {
  if (error instanceof OutputPathError) return error;
  return new OutputPathError(
    shown,
    `cannot be written: ${describeFileSystemError(error)}; expected a folder you can write to.`,
    { cause: error },
  );
}
