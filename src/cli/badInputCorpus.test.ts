// Replays the bad-input corpus (test/corpus/<class>/<case>/, written by
// scripts/make-bad-input-corpus.ts) through the CLI. Every case must end with one sentence on
// stderr naming where and what, its non-zero exit code, no stack trace, nothing on stdout, and
// every file in its folder (the store, the export, the inputs) exactly as it was.
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { corpusFiles } from "../../scripts/bad-input-corpus/corpusFiles.js";
import { type BadInputCase, badInputCaseSchema } from "../../test/support/badInputCase.js";
import { prepareFixture } from "../../test/support/badInputFixture.js";
import { captureOutput } from "../../test/support/captureOutput.js";
import { main } from "./main.js";

const corpus = fileURLToPath(new URL("../../test/corpus", import.meta.url));

/** Every case folder of the corpus, as `<class>/<case>`. */
function caseFolders(): string[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(path.join(corpus, entry.name), { withFileTypes: true })
        .filter((inner) => inner.isDirectory())
        .map((inner) => `${entry.name}/${inner.name}`),
    )
    .sort();
}

/** Every file and folder under `directory` with its content hash or link target. */
function snapshot(directory: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      const relative = path.relative(directory, file);
      const stats = lstatSync(file);
      if (stats.isSymbolicLink()) entries[relative] = `link to ${readlinkSync(file)}`;
      else if (stats.isDirectory()) {
        entries[relative] = "folder";
        walk(file);
      } else entries[relative] = createHash("sha256").update(readFileSync(file)).digest("hex");
    }
  };
  walk(directory);
  return entries;
}

const folders: string[] = [];
const startingFolder = process.cwd();
afterEach(() => {
  process.chdir(startingFolder);
  vi.restoreAllMocks();
  while (folders.length > 0) rmSync(folders.pop()!, { recursive: true, force: true });
});

describe("the bad-input corpus", () => {
  const cases = caseFolders().map((folder): [string, BadInputCase] => [
    folder,
    badInputCaseSchema.parse(JSON.parse(readFileSync(path.join(corpus, folder, "case.json"), "utf8"))),
  ]);

  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)(
    "%s: one sentence, its exit code, no stack trace, nothing changed",
    async (folder, entry) => {
      if (entry.platforms !== undefined && !entry.platforms.includes(process.platform)) return;
      const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-corpus-"));
      folders.push(directory);
      cpSync(path.join(corpus, folder), directory, {
        recursive: true,
        filter: (source) => path.basename(source) !== "case.json",
      });
      for (const [name, sql] of Object.entries(entry.sqlite)) {
        const database = new Database(path.join(directory, name));
        database.exec(sql);
        database.close();
      }
      await prepareFixture(directory, entry.fixture);
      const before = snapshot(directory);

      const { out, err } = captureOutput();
      process.chdir(directory);
      const code = await main(["node", "synthforge", ...entry.args]);
      process.chdir(startingFolder);

      const stderr = err.join("");
      expect(stderr, "no stack trace").not.toMatch(/internal error|\n\s+at \S+ \(|\n\s+at /);
      expect(stderr.endsWith("\n") && stderr.indexOf("\n") === stderr.length - 1, `one line: ${stderr}`).toBe(
        true,
      );
      expect(stderr).toMatch(/^error: /);
      expect(stderr.slice("error: ".length, -1)).toMatch(new RegExp(entry.message));
      expect(code, stderr).toBe(entry.exitCode);
      expect(out.join("")).toBe("");
      expect(snapshot(directory)).toEqual(before);
    },
  );

  it("is what scripts/make-bad-input-corpus.ts writes (run it after changing a case)", async () => {
    const written = await corpusFiles();
    const onDisk = new Map<string, Buffer>();
    for (const folder of caseFolders()) {
      const walk = (relative: string) => {
        for (const entry of readdirSync(path.join(corpus, relative), { withFileTypes: true })) {
          const name = `${relative}/${entry.name}`;
          if (entry.isDirectory()) walk(name);
          else onDisk.set(name, readFileSync(path.join(corpus, name)));
        }
      };
      if (existsSync(path.join(corpus, folder))) walk(folder);
    }
    expect([...onDisk.keys()].sort()).toEqual([...written.keys()].sort());
    for (const [name, content] of written) expect(onDisk.get(name)?.equals(content), name).toBe(true);
  });
});
