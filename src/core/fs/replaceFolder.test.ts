import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputPathError } from "../errors/OutputPathError.js";
import { makeReplaceableFolder, replaceFolder } from "./replaceFolder.js";

let directory: string;
let out: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-replace-"));
  out = path.join(directory, "out", "set");
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const ownNames = new Set(["a.txt", "b.txt", "c.txt", "manifest.json", "report.html"]);
const options = (replaces: string[] = []) => ({
  replaces: new Set(replaces),
  adoptable: (name: string) => ownNames.has(name),
  cwd: directory,
});
const write = (files: Record<string, string>) => async (folder: string) => {
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(folder, name), content);
};
const listing = (folder: string) => readdirSync(folder).sort();
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("replaceFolder", () => {
  it("switches to the new set at once, keeps what it does not replace, and leaves one version", async () => {
    await replaceFolder(out, write({ "a.txt": "1", "b.txt": "1" }), options());
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    writeFileSync(path.join(out, "report.html"), "report");
    await replaceFolder(out, write({ "a.txt": "2", "c.txt": "2" }), options(["a.txt", "b.txt"]));
    expect(listing(out)).toEqual(["a.txt", "c.txt", "report.html"]);
    expect(readFileSync(path.join(out, "a.txt"), "utf8")).toBe("2");
    expect(readFileSync(path.join(out, "report.html"), "utf8")).toBe("report");
    expect(listing(path.dirname(out))).toEqual([".set.versions", "set"]);
    expect(readdirSync(path.join(path.dirname(out), ".set.versions"))).toHaveLength(1);
  });

  it("makes a new folder as a link, so a report written before the first export stays", async () => {
    await makeReplaceableFolder(out, { cwd: directory });
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    writeFileSync(path.join(out, "report.html"), "report");
    await makeReplaceableFolder(out, { cwd: directory });
    await replaceFolder(out, write({ "a.txt": "1" }), options());
    expect(listing(out)).toEqual(["a.txt", "report.html"]);
    expect(readdirSync(path.join(path.dirname(out), ".set.versions"))).toHaveLength(1);
    writeFileSync(path.join(directory, "plain"), "a file");
    await expect(makeReplaceableFolder("plain", { cwd: directory })).rejects.toThrow(
      "plain: is a file, not a folder; expected a folder to write into.",
    );
  });

  it("takes over a plain folder holding only what Synthforge writes, dropping stale temporary files", async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "report.html"), "report");
    writeFileSync(path.join(out, "b.txt"), "old");
    writeFileSync(path.join(out, ".b.txt.999.tmp"), "half");
    await replaceFolder(out, write({ "a.txt": "new" }), options(["b.txt"]));
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(listing(out)).toEqual(["a.txt", "report.html"]);
    expect(readdirSync(path.join(path.dirname(out), ".set.versions"))).toHaveLength(1);
  });

  it("refuses, untouched, a plain folder holding files it did not write", async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "notes.txt"), "mine");
    const error = await replaceFolder(out, write({ "a.txt": "new" }), options()).catch((caught) => caught);
    expect(error).toBeInstanceOf(OutputPathError);
    expect(error.message).toBe(
      "out/set: holds files an export did not write (notes.txt); expected an empty folder or an earlier export, so choose another output folder.",
    );
    expect(lstatSync(out).isDirectory()).toBe(true);
    expect(listing(out)).toEqual(["notes.txt"]);
    expect(listing(path.dirname(out))).toEqual(["set"]);
  });

  it("refuses, untouched, a link it did not make, and the folder it points to", async () => {
    const elsewhere = path.join(directory, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, "a.txt"), "keep me");
    mkdirSync(path.dirname(out), { recursive: true });
    symlinkSync(elsewhere, out);
    await expect(replaceFolder(out, write({ "a.txt": "new" }), options(["a.txt"]))).rejects.toThrow(
      `out/set: is a link to ${elsewhere}, which Synthforge did not make; expected a folder of the export's own`,
    );
    expect(readFileSync(path.join(elsewhere, "a.txt"), "utf8")).toBe("keep me");
    expect(listing(path.dirname(out))).toEqual(["set"]);
  });

  it("refuses the working folder itself", async () => {
    const error = await replaceFolder(directory, write({ "a.txt": "1" }), options()).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(OutputPathError);
    expect(error.message).toMatch(
      /^\.: is the working folder or one above it; expected a folder of the export's own/,
    );
  });

  it("names a file that stands where the folder or one of its parents should be", async () => {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, "a file");
    await expect(replaceFolder(out, write({ "a.txt": "1" }), options())).rejects.toThrow(
      "out/set: is a file, not a folder; expected a folder for the export.",
    );
    await expect(replaceFolder(path.join(out, "below"), write({ "a.txt": "1" }), options())).rejects.toThrow(
      "out/set/below: cannot be created, because out/set is a file, not a folder; expected a folder path.",
    );
    expect(readFileSync(out, "utf8")).toBe("a file");
  });

  it("removes what a killed process left, and keeps what a running one is writing", async () => {
    await replaceFolder(out, write({ "a.txt": "1" }), options());
    const versions = path.join(path.dirname(out), ".set.versions");
    const dead = deadPid();
    mkdirSync(path.join(versions, `20000101T000000000Z-${dead}-0badc0de`));
    mkdirSync(path.join(versions, `20000101T000000000Z-${process.ppid}-00c0ffee`));
    symlinkSync(".set.versions/nowhere", path.join(path.dirname(out), `.set.link-${dead}-0badc0de`));
    await replaceFolder(out, write({ "a.txt": "2" }), options(["a.txt"]));
    expect(listing(path.dirname(out))).toEqual([".set.versions", "set"]);
    expect(readdirSync(versions).filter((name) => name.includes(`-${process.ppid}-`))).toHaveLength(1);
    expect(readdirSync(versions)).toHaveLength(2);
  });

  it("finishes a switch that was killed between moving a plain folder aside and linking the new one", async () => {
    const versions = path.join(path.dirname(out), ".set.versions");
    const dead = deadPid();
    const complete = path.join(versions, `20000101T000000000Z-${dead}-0badc0de`);
    mkdirSync(complete, { recursive: true });
    writeFileSync(path.join(complete, "a.txt"), "complete");
    writeFileSync(path.join(complete, "report.html"), "report");
    symlinkSync(
      path.relative(path.dirname(out), complete),
      path.join(path.dirname(out), `.set.link-${dead}-0badc0de`),
    );
    await replaceFolder(out, write({ "b.txt": "next" }), options(["a.txt"]));
    expect(listing(out)).toEqual(["b.txt", "report.html"]);
    expect(existsSync(complete)).toBe(false);
  });

  it("removes its own version when writing the set fails, and keeps the old one", async () => {
    await replaceFolder(out, write({ "a.txt": "1" }), options());
    const failing = async () => {
      throw new Error("disk on fire");
    };
    await expect(replaceFolder(out, failing, options(["a.txt"]))).rejects.toThrow("disk on fire");
    expect(readFileSync(path.join(out, "a.txt"), "utf8")).toBe("1");
    expect(readdirSync(path.join(path.dirname(out), ".set.versions"))).toHaveLength(1);
  });
});
