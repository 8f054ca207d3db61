import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { captureOutput } from "../../../test/support/captureOutput.js";
import { configFromEnvironment } from "../../core/config.js";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import { annotateRecipe } from "../../pipeline/annotate/annotateRecipe.js";
import { prepareAnnotation } from "../../pipeline/annotate/prepareAnnotation.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { ChooseRequest, LanguageModel } from "../../providers/LanguageModel.js";
import { openStore } from "../../store/openStore.js";
import { main } from "../main.js";

let directory: string;
let storeFile: string;
const config = configFromEnvironment({});

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-annotate-cli-"));
  storeFile = path.join(directory, "store.sqlite");
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

/** Votes split on texts with "maybe", else agree on positive. */
const model: LanguageModel = {
  identity: { provider: "fake", id: "voter" },
  parallelism: 1,
  generate: createFakeModel({ respond: () => ({}) }).generate,
  dispose: async () => {},
  async choose(request: ChooseRequest) {
    const split = request.messages.at(-1)!.content.includes("maybe");
    return {
      picks: split ? ["positive", "negative", "negative"] : request.seeds.map(() => "positive"),
      probabilities: {},
      usage: { inputTokens: 1, outputTokens: 0 },
    };
  },
};

async function annotate(recipeFile: string) {
  const loaded = await loadRecipe(recipeFile);
  const prepared = await prepareAnnotation(loaded, directory);
  const store = openStore(storeFile);
  try {
    return await annotateRecipe(loaded, {
      store,
      prepared,
      model,
      config,
      cwd: directory,
      enforceGates: false,
    });
  } finally {
    store.close();
  }
}

describe("synthforge review on an annotation run", () => {
  it("serves the disputed rows first, and a reviewer's label settles them in the output", async () => {
    const rows = Array.from(
      { length: 40 },
      (_, index) => `${index + 1},${index % 10 === 3 ? "maybe good" : "good"} ${index + 1}`,
    );
    writeFileSync(path.join(directory, "reviews.csv"), `id,text\n${rows.join("\n")}\n`);
    const recipeFile = path.join(directory, "annotate.yaml");
    writeFileSync(
      recipeFile,
      `name: cli-annotate
input: { file: reviews.csv }
output:
  schema: { type: object, properties: { label: { type: string, enum: [positive, negative] } }, required: [label] }
  labelField: label
judge: { minimumAgreement: 3 }
quality: { gates: { labelConfirmed: null } }
`,
    );
    const first = await annotate(recipeFile);
    expect(first.statistics.disputed).toBe(4);
    const { out } = captureOutput();
    const sample = path.join(directory, "sample.jsonl");
    expect(
      await main([
        "node",
        "synthforge",
        "review",
        "sample",
        recipeFile,
        "--out",
        sample,
        "--store",
        storeFile,
      ]),
    ).toBe(0);
    expect(out.join("")).toContain(`of run ${first.runId}`);
    const lines = readFileSync(sample, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; text: string; label: string });
    // The 4 disputed rows first, in file order, then the spot-check of the confirmed ones.
    expect(lines.slice(0, 4).map((line) => line.text)).toEqual([
      "maybe good 4",
      "maybe good 14",
      "maybe good 24",
      "maybe good 34",
    ]);
    expect(lines.length).toBeGreaterThan(4);
    const verdicts = path.join(directory, "verdicts.jsonl");
    writeFileSync(
      verdicts,
      [
        { id: lines[0]!.id, verdict: "wrong", reason: "reads as praise", label: "positive" },
        { id: lines[1]!.id, verdict: "correct" },
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join(""),
    );
    expect(await main(["node", "synthforge", "review", "import", verdicts, "--store", storeFile])).toBe(0);
    const settled = await annotate(recipeFile);
    expect(settled.annotatedNow).toBe(0);
    expect(settled.statistics).toMatchObject({ disputed: 2, reviewed: 2 });
    const annotated = readFileSync(path.join(directory, "out/cli-annotate/annotated.csv"), "utf8").split(
      "\n",
    );
    expect(annotated[4]).toBe("4,maybe good 4,positive,reviewed,positive|negative|negative");
    expect(annotated[14]).toBe("14,maybe good 14,negative,reviewed,positive|negative|negative");
    expect(annotated[24]).toBe("24,maybe good 24,negative,disputed,positive|negative|negative");
  });

  it("refuses, storing nothing, a wrong verdict without the right label", async () => {
    writeFileSync(path.join(directory, "reviews.csv"), "id,text\n1,maybe\n2,good\n");
    const recipeFile = path.join(directory, "annotate.yaml");
    writeFileSync(
      recipeFile,
      `name: cli-annotate
input: { file: reviews.csv }
output:
  schema: { type: object, properties: { label: { type: string, enum: [positive, negative] } }, required: [label] }
  labelField: label
judge: { minimumAgreement: 3 }
`,
    );
    await annotate(recipeFile);
    captureOutput();
    const sample = path.join(directory, "sample.jsonl");
    expect(
      await main([
        "node",
        "synthforge",
        "review",
        "sample",
        recipeFile,
        "--out",
        sample,
        "--store",
        storeFile,
      ]),
    ).toBe(0);
    const id = (JSON.parse(readFileSync(sample, "utf8").split("\n")[0]!) as { id: string }).id;
    const verdicts = path.join(directory, "verdicts.jsonl");
    writeFileSync(
      verdicts,
      `${JSON.stringify({ id, verdict: "wrong", reason: "unclear", label: "neutral" })}\n`,
    );
    const { err } = captureOutput();
    expect(await main(["node", "synthforge", "review", "import", verdicts, "--store", storeFile])).toBe(2);
    expect(err.join("")).toContain(
      'verdicts.jsonl:1: field `label` must be the right label of a row marked wrong, one of positive, negative; got "neutral"',
    );
    const store = openStore(storeFile, { mode: "read" });
    try {
      expect(store.listReviews(store.latestRun()!.id)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
