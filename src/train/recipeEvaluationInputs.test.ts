import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadRecipe } from "../core/recipe/loadRecipe.js";
import { recipeEvaluationInputs } from "./recipeEvaluationInputs.js";

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-evaluation-inputs-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** An example recipe with its evaluate section replaced, written beside a scratch folder. */
async function withEvaluate(example: string, evaluate: string) {
  const text = readFileSync(path.join(examples, example), "utf8").replace(/\nevaluate:[\s\S]*$/, "\n");
  const file = path.join(directory, `${example}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `${text}evaluate:\n${evaluate}`);
  return loadRecipe(file);
}

describe("recipeEvaluationInputs", () => {
  it("reads an extraction recipe's NER file typed by its enum, with room for the entity list", async () => {
    const loaded = await withEvaluate(
      "ner-en.yaml",
      "  reference: { file: dev.txt, format: conll }\n  limit: 50\n",
    );
    const inputs = recipeEvaluationInputs(loaded);
    expect(inputs.reference).toMatchObject({
      file: path.join(directory, "dev.txt"),
      format: "conll",
      entityTypes: ["PER", "ORG", "LOC", "MISC"],
    });
    expect(inputs.limit).toBe(50);
    expect(inputs.maxNewTokens).toBe(160);
    expect(inputs.translationTarget).toBeUndefined();
  });

  it("reads a translation recipe's parallel files and its target language", async () => {
    const loaded = await withEvaluate("translation.yaml", "  reference: { file: a.zh, targetFile: a.en }\n");
    const inputs = recipeEvaluationInputs(loaded);
    expect(inputs.reference?.targetFile).toBe(path.join(directory, "a.en"));
    expect(inputs.translationTarget).toBe("en");
  });

  it("leaves the label examples the generator was shown out of a table reference", async () => {
    const loaded = await withEvaluate(
      "medical-intent-zh.yaml",
      "  reference: { file: queries.json, textColumn: query, labelColumn: label }\n",
    );
    const exclude = recipeEvaluationInputs(loaded).reference?.exclude ?? [];
    expect(exclude).toContain("丰胸的方法有哪些");
    expect(exclude.length).toBeGreaterThanOrEqual(11);
  });

  it("scores an instruction recipe's answers on real instruction data, with room for an answer", async () => {
    const loaded = await withEvaluate(
      "instruction-en.yaml",
      "  reference: { file: real.jsonl, format: instruction }\n",
    );
    const inputs = recipeEvaluationInputs(loaded);
    expect(inputs.reference).toMatchObject({
      file: path.join(directory, "real.jsonl"),
      format: "instruction",
    });
    expect(inputs.maxNewTokens).toBe(160);
  });

  it("names the field when the recipe's task cannot be scored on the file's layout", async () => {
    const labels = await withEvaluate(
      "sentiment-en.yaml",
      "  reference: { file: real.jsonl, format: instruction }\n",
    );
    expect(() => recipeEvaluationInputs(labels)).toThrow(
      /field `evaluate\.reference\.format` instruction data scores a student that writes answers, but this recipe trains labels/,
    );
    const sentiment = await withEvaluate(
      "sentiment-en.yaml",
      "  reference: { file: dev.txt, format: conll }\n",
    );
    expect(() => recipeEvaluationInputs(sentiment)).toThrow(
      /field `evaluate\.reference\.format` conll is an NER file, but output\.schema has no entity list/,
    );
    const ner = await withEvaluate("ner-en.yaml", "  reference: { file: a.zh, targetFile: a.en }\n");
    expect(() => recipeEvaluationInputs(ner)).toThrow(
      /evaluate\.reference\.targetFile` a parallel corpus needs/,
    );
    await expect(
      withEvaluate("translation.yaml", "  reference: { file: a.zh, format: conll, targetFile: a.en }\n"),
    ).rejects.toThrow(/targetFile/);
  });
});
