import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../core/config.js";
import { InputFileError } from "../../core/errors/InputFileError.js";
import { RecipeError } from "../../core/errors/RecipeError.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import { openStore } from "../../store/openStore.js";
import { prepareGeneration } from "./prepareGeneration.js";
import { runRecipe } from "./runRecipe.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-prepare-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
writeFileSync(
  path.join(directory, "reference.csv"),
  "text,label\nfast and hot,positive\ncold rice,negative\n",
);
writeFileSync(path.join(directory, "seeds.jsonl"), '{"text": "Great soup", "label": "positive"}\n');
mkdirSync(path.join(directory, "folder.csv"));

const recipeWith = (template: string, extra = "") => `name: reviews
output:
  schema:
    type: object
    properties:
      text: {type: string}
      label: {type: string, enum: [positive, negative]}
    required: [text]
dimensions:
  label: [positive, negative]
plan:
  count: 4
template:
${template}
${extra}`;

async function recipeErrorOf(source: string): Promise<RecipeError> {
  const loaded = parseRecipe(source, path.join(directory, "recipe.yaml"));
  const error = await prepareGeneration(loaded).catch((caught: unknown) => caught);
  if (error instanceof RecipeError) return error;
  throw new Error(`expected a RecipeError, got ${String(error)}`);
}

const at = (line: number, column: number) => `${path.join(directory, "recipe.yaml")}:${line}:${column}: `;

describe("prepareGeneration", () => {
  it("names the recipe file, line and field of a template that does not parse", async () => {
    const error = await recipeErrorOf(recipeWith('  prompt: "Write a {{ label review."'));
    expect(error.message).toMatch(
      new RegExp(`^${at(14, 11)}field \`template\\.prompt\` expected a template that parses: `),
    );
  });

  it("points at the phrasing that does not parse", async () => {
    const error = await recipeErrorOf(
      recipeWith('  phrasings:\n    - "Write a review."\n    - "Write {% if %} one."'),
    );
    expect(error.message).toMatch(new RegExp(`^${at(16, 7)}field \`template\\.phrasings\\.1\` `));
  });

  it("names a misspelt slot and its close match, in any part of the template and any plan cell", async () => {
    const prompt = await recipeErrorOf(recipeWith('  prompt: "Write a {{ lable }} review."'));
    expect(prompt.message).toBe(
      `${at(14, 11)}field \`template.prompt\` uses \`lable\`, which is not a slot of this template; did you mean \`label\`? Its slots: description, examples, label, labels, language, language_code, schema, task.`,
    );
    const system = await recipeErrorOf(
      recipeWith('  system: "You write in {{ langauge }}."\n  prompt: "Write a {{ label }} review."'),
    );
    expect(system.message).toMatch(
      new RegExp(`^${at(14, 11)}field \`template\\.system\` uses \`langauge\`.*did you mean \`language\`\\?`),
    );
    // Only the second phrasing, and only for negative cells: still found before generation.
    const branch = await recipeErrorOf(
      recipeWith(
        '  phrasings:\n    - "Write a {{ label }} review."\n    - "{% if label == \'negative\' %}Complain about {{ topc }}.{% endif %}"',
      ),
    );
    expect(branch.message).toMatch(
      new RegExp(`^${at(16, 7)}field \`template\\.phrasings\\.1\` uses \`topc\``),
    );
  });

  it("refuses a template past its rendering bounds, naming the field", async () => {
    const error = await recipeErrorOf(
      recipeWith('  prompt: "{% for i in range(1000000000) %}{{ i }}{% endfor %}"'),
    );
    expect(error.message).toMatch(
      new RegExp(`^${at(14, 11)}field \`template\\.prompt\` calls range\\(\\) for 1,000,000,000 items`),
    );
  });

  it("names the field of every file the recipe names that is missing or not a file", async () => {
    const template = '  prompt: "Write a {{ label }} review."';
    const cases: [string, string, string][] = [
      ["seeds:\n  file: missing.jsonl\n", "seeds.file", "(16:9)"],
      ["quality:\n  reference:\n    file: missing.csv\n", "quality.reference.file", "(17:11)"],
      ["quality:\n  reference:\n    file: folder.csv\n", "quality.reference.file", "(17:11)"],
      ["evaluate:\n  reference:\n    file: missing.csv\n", "evaluate.reference.file", "(17:11)"],
    ];
    for (const [extra, field, place] of cases) {
      const error = await recipeErrorOf(recipeWith(template, extra));
      const [line, column] = place.slice(1, -1).split(":").map(Number);
      expect(error.message, field).toMatch(
        new RegExp(`^${at(line!, column!)}field \`${field.replaceAll(".", "\\.")}\` names `),
      );
      expect(error.message, field).toMatch(
        /which is (missing|a folder); expected a file, relative to the recipe's folder$/,
      );
    }
  });

  it("reads the reference corpora as they will be read later: a bad column is found now", async () => {
    const loaded = parseRecipe(
      recipeWith(
        '  prompt: "Write a {{ label }} review."',
        "quality:\n  reference:\n    file: reference.csv\n    textColumn: body\n",
      ),
      path.join(directory, "recipe.yaml"),
    );
    const error = await prepareGeneration(loaded).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as Error).message).toMatch(/reference\.csv.*body/);
    const fine = parseRecipe(
      recipeWith(
        '  prompt: "Write a {{ label }} review.{% for e in examples %} {{ e.text }}{% endfor %}"',
        "quality:\n  reference:\n    file: reference.csv\nseeds:\n  file: seeds.jsonl\n  perPrompt: 1\n",
      ),
      path.join(directory, "recipe.yaml"),
    );
    expect((await prepareGeneration(fine)).examples).toHaveLength(1);
  });

  it("reads the real annotations of quality.entities now: missing, malformed, then built", async () => {
    const entityRecipe = (file: string) => `name: names
task: extraction
output:
  schema:
    type: object
    properties:
      text: {type: string}
      entities:
        type: array
        items:
          type: object
          properties:
            text: {type: string}
            type: {type: string, enum: [PER, LOC]}
          required: [text, type]
    required: [text, entities]
plan:
  count: 2
template:
  prompt: "Write a sentence with names."
quality:
  entities:
    reference: { file: ${file}, format: conll }
`;
    const missing = await recipeErrorOf(entityRecipe("missing.conll"));
    expect(missing.message).toMatch(/field `quality\.entities\.reference\.file` names missing\.conll/);
    writeFileSync(path.join(directory, "bad.conll"), "Paris B-LOC\nis\n");
    const malformed = await prepareGeneration(
      parseRecipe(entityRecipe("bad.conll"), path.join(directory, "recipe.yaml")),
    ).catch((caught: unknown) => caught);
    expect(malformed).toBeInstanceOf(InputFileError);
    expect((malformed as Error).message).toMatch(/bad\.conll:2: expected a token and its BIO tag/);
    writeFileSync(
      path.join(directory, "good.conll"),
      ["Paris B-LOC", "Paris B-LOC", "Paris B-LOC", "", "Ann B-PER", "met O", "Paris B-LOC", ""].join("\n"),
    );
    const prepared = await prepareGeneration(
      parseRecipe(entityRecipe("good.conll"), path.join(directory, "recipe.yaml")),
    );
    expect(prepared.entityLexicon?.entries.get("Paris")).toMatchObject({ type: "LOC", annotated: 4 });
  });

  it("lets runRecipe fail before any model call or stored run", async () => {
    const store = openStore(path.join(directory, "store.sqlite"));
    try {
      let calls = 0;
      const model = createFakeModel({
        respond: () => {
          calls += 1;
          return { text: "A review.", label: "positive" };
        },
      });
      const loaded = parseRecipe(
        recipeWith(
          '  prompt: "Write a {{ lable }} review."',
          "quality:\n  reference:\n    file: missing.csv\n",
        ),
        path.join(directory, "recipe.yaml"),
      );
      const error = await runRecipe(loaded, { store, model, config: configFromEnvironment({}) }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RecipeError);
      expect(calls).toBe(0);
      expect(store.listRuns()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
