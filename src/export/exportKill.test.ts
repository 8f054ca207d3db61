// An export killed at any moment leaves the export folder as one complete version: the old
// export or the new one, never files of both, and the next export removes what the killed one
// left. A child process exports a pre-filled store and SIGKILLs itself just before its n-th
// change to the file system, for every n.
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportInChild } from "../../test/support/exportInChild.js";
import { filledRecipeText, fillStore } from "../../test/support/fillStore.js";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import { openStore } from "../store/openStore.js";
import { exportRun } from "./exportRun.js";

const accepted = 60;

/** Two exports that differ in every file: formats and split shares. */
const versions = {
  old: { formats: ["jsonl"] as const, split: { train: 0.8, validation: 0.1, test: 0.1 } },
  new: { formats: ["jsonl", "openai"] as const, split: { train: 0.6, validation: 0.2, test: 0.2 } },
};
type VersionName = keyof typeof versions;

let directory: string;
let storeFile: string;
let runId: string;
let texts: string[];
const out = () => path.join(directory, "out", "reviews");

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-export-kill-"));
  storeFile = path.join(directory, "store.sqlite");
  writeFileSync(path.join(directory, "recipe.yaml"), filledRecipeText);
  runId = fillStore(storeFile, { accepted, rejected: 3 });
  const store = openStore(storeFile);
  texts = store.listRecords(runId, { status: "accepted" }).map((record) => String(record.data!.text));
  store.close();
});
afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function exportVersion(name: VersionName): Promise<void> {
  const store = openStore(storeFile);
  try {
    const { recipe } = parseRecipe(filledRecipeText, path.join(directory, "recipe.yaml"));
    await exportRun({
      store,
      runId,
      recipe,
      cwd: directory,
      formats: [...versions[name].formats],
      split: versions[name].split,
    });
  } finally {
    store.close();
  }
}

function exportChild(killAt: number): Promise<string> {
  return exportInChild({
    storeFile,
    recipeFile: path.join(directory, "recipe.yaml"),
    cwd: directory,
    ...versions.new,
    killAt,
  });
}

const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter(Boolean);

/** Asserts the folder holds exactly one complete export, and says which. */
function completeVersion(): VersionName {
  const folder = out();
  const manifest = JSON.parse(readFileSync(path.join(folder, "manifest.json"), "utf8")) as {
    formats: string[];
    files: string[];
    counts: Record<string, number>;
    split: Record<string, number>;
  };
  const name: VersionName = manifest.formats.length === 1 ? "old" : "new";
  expect(manifest.split).toEqual(versions[name].split);
  expect(readdirSync(folder).sort()).toEqual([...manifest.files, "manifest.json", "report.html"].sort());
  const seen: string[] = [];
  for (const [split, count] of Object.entries(manifest.counts)) {
    const rows = lines(path.join(folder, `${split}.jsonl`)).map((line) => JSON.parse(line).text as string);
    expect(rows).toHaveLength(count);
    seen.push(...rows);
    if (name === "new") expect(lines(path.join(folder, `${split}.openai.jsonl`))).toHaveLength(count);
  }
  expect(seen.sort()).toEqual([...texts].sort());
  expect(readFileSync(path.join(folder, "report.html"), "utf8")).toBe("the report");
  return name;
}

/** Asserts that only the link and one version are left beside it. */
function noLeftovers(): void {
  const parent = path.dirname(out());
  expect(readdirSync(parent).sort()).toEqual([".reviews.versions", "reviews"]);
  expect(readdirSync(path.join(parent, ".reviews.versions"))).toHaveLength(1);
  expect(lstatSync(out()).isSymbolicLink()).toBe(true);
}

describe("a killed export", () => {
  it("leaves the old or the new complete export at every moment, and nothing behind after the next", async () => {
    await exportVersion("old");
    writeFileSync(path.join(out(), "report.html"), "the report");
    const changes = Number(await exportChild(0));
    expect(completeVersion()).toBe("new");
    noLeftovers();
    expect(changes).toBeGreaterThan(15);

    const seen = new Set<VersionName>();
    for (let killAt = 1; killAt <= changes; killAt += 1) {
      await exportVersion("old");
      expect(await exportChild(killAt)).toBe("killed");
      seen.add(completeVersion());
      await exportVersion("new");
      expect(completeVersion()).toBe("new");
      noLeftovers();
    }
    expect([...seen].sort()).toEqual(["new", "old"]);
  }, 180_000);

  it("taking over a plain folder from an older version, is finished by the next export", async () => {
    const plain = path.join(directory, "plain-old");
    await exportVersion("old");
    rmSync(plain, { recursive: true, force: true });
    cpSync(out(), plain, { recursive: true, dereference: true });
    const changes = Number(await exportChild(0));
    // The kills before the switch are those of the test above; these are the switch's own.
    for (let killAt = changes - 8; killAt <= changes; killAt += 1) {
      rmSync(path.dirname(out()), { recursive: true, force: true });
      mkdirSync(path.dirname(out()), { recursive: true });
      cpSync(plain, out(), { recursive: true });
      expect(await exportChild(killAt)).toBe("killed");
      // Only between moving the plain folder aside and renaming the new link into place is the
      // folder absent; the new version is complete then, and the next export switches to it.
      if (existsSync(out())) completeVersion();
      await exportVersion("new");
      expect(completeVersion()).toBe("new");
      noLeftovers();
    }
  }, 180_000);
});
