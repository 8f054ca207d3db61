import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { exportRun } from "../../src/export/exportRun.js";
import { openStore } from "../../src/store/openStore.js";
import type { FixtureName } from "./badInputCase.js";
import { filledRecipeText, fillStore } from "./fillStore.js";

/** The fixture's recipe file, in the case folder. */
export const fixtureRecipeFile = "reviews.yaml";
/** The fixture's store, where the CLI looks by default. */
export const fixtureStoreFile = path.join(".synthforge", "store.sqlite");
/** Where the `sampled` fixture writes its spot-check sample. */
export const fixtureSampleFile = "review-sample.jsonl";

/** Id of the fixture's run, and of its records (`<run>-0000` ... `<run>-0043`; 40 and up are rejected). */
export const fixtureRunId = `reviews-${parseRecipe(filledRecipeText, fixtureRecipeFile).hash.slice(0, 12)}`;

/** Builds a fixture in `directory` (see `fixtureNames`); prints nothing. */
export async function prepareFixture(directory: string, fixture: FixtureName): Promise<void> {
  if (fixture === "none") return;
  writeFileSync(path.join(directory, fixtureRecipeFile), filledRecipeText);
  mkdirSync(path.join(directory, ".synthforge"), { recursive: true });
  const storeFile = path.join(directory, fixtureStoreFile);
  const runId = fillStore(storeFile, { recipeFile: fixtureRecipeFile });
  if (fixture === "exported") {
    const store = openStore(storeFile, { mode: "existing" });
    try {
      const { recipe } = parseRecipe(filledRecipeText, fixtureRecipeFile);
      await exportRun({ store, runId, recipe, cwd: directory });
    } finally {
      store.close();
    }
  }
  if (fixture === "sampled") {
    const args = ["review", "sample", "--store", storeFile, "--out", path.join(directory, fixtureSampleFile)];
    const code = await quietly(() => main(["node", "synthforge", ...args]));
    if (code !== 0) throw new Error(`synthforge ${args.join(" ")} exited with ${code}`);
  }
}

/** Runs `work` with stdout and stderr writes dropped. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { stdout, stderr } = process;
  const writes = [stdout.write, stderr.write];
  const drop = (() => true) as typeof stdout.write;
  stdout.write = drop;
  stderr.write = drop;
  try {
    return await work();
  } finally {
    stdout.write = writes[0]!;
    stderr.write = writes[1]!;
  }
}
