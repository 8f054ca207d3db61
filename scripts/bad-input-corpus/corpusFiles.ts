import type { BadInputCase, BadInputClass } from "../../test/support/badInputCase.js";
import { badInputClasses } from "./index.js";

/**
 * Every file of the bad-input corpus, by path under test/corpus: for each class and case,
 * `case.json` and the case's input files. What scripts/make-bad-input-corpus.ts writes, and
 * what src/cli/badInputCorpus.test.ts compares the committed corpus with.
 */
export async function corpusFiles(
  classes: readonly BadInputClass[] = badInputClasses,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const badInputClass of classes) {
    for (const definition of await badInputClass.cases()) {
      const folder = `${badInputClass.name}/${definition.name}`;
      const entry: BadInputCase = {
        summary: definition.summary,
        args: definition.args,
        fixture: definition.fixture ?? "none",
        sqlite: definition.sqlite ?? {},
        exitCode: definition.exitCode,
        message: definition.message.source,
        ...(definition.platforms === undefined ? {} : { platforms: definition.platforms }),
      };
      files.set(`${folder}/case.json`, Buffer.from(`${JSON.stringify(entry, null, 2)}\n`));
      for (const [name, content] of Object.entries(definition.files ?? {})) {
        files.set(`${folder}/${name}`, Buffer.from(content));
      }
    }
  }
  return files;
}
