// Every recipe under examples/ loads, validates, and prepares for generation (template,
// seed file, output schema), so the files the README and the docs point to never rot.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prepareAnnotation } from "../../pipeline/annotate/prepareAnnotation.js";
import { realEvaluationImages } from "../../pipeline/images/trainImageRecipe.js";
import { prepareGeneration } from "../../pipeline/run/prepareGeneration.js";
import {
  defaultModelName,
  defaultStudentModelName,
  largerTeacherModelName,
} from "../../providers/registry/defaultModels.js";
import { defaultStudentFor, taggingEncoderName } from "../../train/defaultStudent.js";
import {
  readEntityExamples,
  readParallelExamples,
  readReferenceSet,
} from "../../train/readReferenceExamples.js";
import { recipeEvaluationInputs } from "../../train/recipeEvaluationInputs.js";
import { recipeTrainDefaults, withRecipeTrainDefaults } from "../../train/recipeTrainDefaults.js";
import { recipeTrainingInputs } from "../../train/recipeTrainingInputs.js";
import { findEntityField } from "../entities/entityField.js";
import { readRealImages } from "../images/readRealImages.js";
import { labelGuideOf } from "../labels/labelGuide.js";
import { createPlan, dimensionValues } from "../plan/createPlan.js";
import { compileRecordSchema } from "../recordSchema.js";
import { loadRecipe } from "./loadRecipe.js";
import { trainSchema } from "./trainSchema.js";
import { translationDirectionOf } from "./translationDirectionOf.js";

const examplesDirectory = fileURLToPath(new URL("../../../examples/", import.meta.url));
const allExampleFiles = readdirSync(examplesDirectory)
  .filter((name) => name.endsWith(".yaml"))
  .sort();
/** Image recipes (`task: image-classification`), checked below. */
const imageFiles = ["steel-defects.yaml"];
/** Generation recipes; the annotation recipes (`annotate-*.yaml`, with an `input` section) are checked below. */
const exampleFiles = allExampleFiles.filter(
  (name) => !name.startsWith("annotate-") && !imageFiles.includes(name),
);
const annotationFiles = allExampleFiles.filter((name) => name.startsWith("annotate-"));

describe("examples/", () => {
  it("holds the eleven documented generation examples and the two annotation examples", () => {
    expect(exampleFiles).toEqual([
      "instruction-en.yaml",
      "instruction-zh.yaml",
      "intent-en.yaml",
      "medical-intent-zh.yaml",
      "medical-ner-zh.yaml",
      "ner-en.yaml",
      "ner-zh.yaml",
      "sentiment-en.yaml",
      "sentiment-zh.yaml",
      "translation-en-zh.yaml",
      "translation.yaml",
    ]);
    expect(annotationFiles).toEqual(["annotate-en.yaml", "annotate-zh.yaml"]);
  });

  it("holds the steel-defects image example: six NEU classes, five real images each, the other 95 of each class to evaluate on", async () => {
    expect(allExampleFiles).toContain("steel-defects.yaml");
    const loaded = await loadRecipe(path.join(examplesDirectory, "steel-defects.yaml"));
    const generator = loaded.recipe.generator!;
    const classes = Object.keys(generator.classes);
    expect(classes.sort()).toEqual(
      ["crazing", "inclusion", "patches", "pitted_surface", "rolled-in_scale", "scratches"].sort(),
    );
    const plan = createPlan(loaded.recipe.dimensions, loaded.recipe.plan);
    expect(plan).toHaveLength(600);
    for (const label of classes) expect(plan.filter((slot) => slot.cell.label === label)).toHaveLength(100);
    const real = await readRealImages(path.join(loaded.directory, generator.real!.labels), classes, 5);
    expect(real.few).toHaveLength(30);
    const evaluation = await realEvaluationImages(loaded);
    expect(evaluation).toHaveLength(570);
    // The student is never evaluated on an image the generator drew on.
    const few = new Set(real.few.map((image) => image.file));
    expect(evaluation.filter((image) => few.has(image.file))).toEqual([]);
  });

  it.each(annotationFiles)("%s reads its input file and votes on a label of its schema", async (name) => {
    const loaded = await loadRecipe(path.join(examplesDirectory, name));
    const prepared = await prepareAnnotation(loaded);
    expect(prepared.mode).toBe("label");
    expect(prepared.table.rows.length).toBeGreaterThanOrEqual(10);
    // The user's own columns besides the text travel through untouched.
    expect(prepared.table.columns.length).toBeGreaterThan(prepared.shown.length);
    expect(loaded.recipe.model.provider).toBe("embedded");
  });

  it.each(exampleFiles)("%s loads, plans its count, and renders a prompt for every slot", async (name) => {
    const loaded = await loadRecipe(path.join(examplesDirectory, name));
    const { recipe } = loaded;
    const prepared = await prepareGeneration(loaded);
    const plan = createPlan(recipe.dimensions, recipe.plan);
    expect(plan).toHaveLength(recipe.plan.count);
    for (const slot of plan) {
      const prompt = prepared.buildPrompt(slot, 0);
      const user = prompt.messages.at(-1)!;
      expect(user.role).toBe("user");
      // Every control value the slot asks for reaches the prompt.
      for (const value of Object.values(slot.cell)) expect(user.content).toContain(value);
      expect(user.content).not.toContain("{{");
    }
    expect(recipe.export.split, `${name} exports a train/validation/test split`).toBeDefined();
  });

  it.each(exampleFiles)("%s's label values, if any, are exactly its label dimension's", async (name) => {
    const { recipe } = await loadRecipe(path.join(examplesDirectory, name));
    const field = recipe.output.labelField;
    if (field === undefined) return;
    const properties = recipe.output.schema.properties as Record<string, { enum?: string[] }>;
    const planned = dimensionValues(recipe.dimensions[field]!).map((entry) => entry.value);
    expect([...(properties[field]?.enum ?? [])].sort()).toEqual([...planned].sort());
  });

  it("runs the README's main example offline on the registry's larger embedded teacher", async () => {
    const { recipe } = await loadRecipe(path.join(examplesDirectory, "sentiment-en.yaml"));
    expect(recipe.model.provider).toBe("embedded");
    expect(recipe.model.name).toBe(largerTeacherModelName);
    expect(recipe.judge.model).toBeUndefined();
    expect(Object.keys(recipe.dimensions).sort()).toEqual(["domain", "label"]);
  });

  it.each([
    ["translation.yaml", "zh", "en"],
    ["translation-en-zh.yaml", "en", "zh"],
  ])(
    "%s checks its pairs %s→%s and trains the Chinese-reading student source in, translation out",
    async (name, source, target) => {
      const { recipe } = await loadRecipe(path.join(examplesDirectory, name));
      expect(translationDirectionOf(recipe)).toEqual({
        source,
        target,
        sourceField: "text",
        targetField: "translation",
      });
      expect(recipeTrainDefaults(recipe)).toEqual({ baseModel: defaultModelName, task: "sft" });
    },
  );

  it.each(exampleFiles)("%s runs offline on the embedded Qwen teacher, which judges too", async (name) => {
    const { recipe } = await loadRecipe(path.join(examplesDirectory, name));
    expect(recipe.model.provider).toBe("embedded");
    expect([defaultModelName, largerTeacherModelName]).toContain(recipe.model.name);
    expect(recipe.model.apiKeyEnv).toBeUndefined();
    expect(recipe.judge.enabled).toBe(true);
  });
});

describe("many-label examples", () => {
  it.each(["intent-en.yaml", "medical-intent-zh.yaml"])(
    "%s describes every label with real examples",
    async (name) => {
      const { recipe } = await loadRecipe(path.join(examplesDirectory, name));
      const guide = labelGuideOf(recipe)!;
      expect(guide.length).toBe(name === "intent-en.yaml" ? 77 : 11);
      for (const meaning of guide) {
        expect(meaning.description, meaning.label).not.toBe("");
        expect(meaning.examples.length, meaning.label).toBeGreaterThanOrEqual(1);
      }
    },
  );

  it("trains the default student of each recipe's language", async () => {
    const english = await loadRecipe(path.join(examplesDirectory, "intent-en.yaml"));
    const chinese = await loadRecipe(path.join(examplesDirectory, "medical-intent-zh.yaml"));
    expect(english.recipe.train?.baseModel).toBeUndefined();
    expect(chinese.recipe.train?.baseModel).toBeUndefined();
    expect(defaultStudentFor(english.recipe.language)).toBe(defaultStudentModelName);
    expect(defaultStudentFor(chinese.recipe.language)).toBe(defaultModelName);
  });
});

describe("training and evaluation of the examples", () => {
  it.each([
    ["instruction-en.yaml", smollm2()],
    ["instruction-zh.yaml", qwen()],
  ])(
    "trains %s with no flags as instruction in, answer out, scored on real instructions",
    async (name, student) => {
      const loaded = await loadRecipe(path.join(examplesDirectory, name));
      expect(recipeTrainDefaults(loaded.recipe)).toEqual({ baseModel: student, task: "sft" });
      const { reference, limit } = recipeEvaluationInputs(loaded);
      expect(reference?.format).toBe("instruction");
      const examples = await readReferenceSet(reference!, { limit: limit! });
      expect(examples).toHaveLength(limit!);
      const chinese = (text: string) => /[\u4e00-\u9fff]/.test(text);
      // The set is in the recipe's language (an English instruction may quote a word of another).
      const inLanguage = examples.filter(
        (example) => chinese(example.text) === (loaded.recipe.language === "zh"),
      );
      expect(inLanguage.length).toBeGreaterThanOrEqual(limit! - 2);
    },
  );

  it("holds ner-en's entity names to a capital letter: common nouns are refused, real CoNLL-2003 names pass", async () => {
    const loaded = await loadRecipe(path.join(examplesDirectory, "ner-en.yaml"));
    const validate = compileRecordSchema(loaded.recipe.output.schema);
    const record = (entities: { text: string; type: string }[]) => ({
      text: "Charles de Gaulle met the conservative party in Paris after the 2016 election.",
      entities,
    });
    expect(validate(record([{ text: "conservative party", type: "ORG" }]))).toBe(
      'field entities.0.text must match pattern "[A-Z]"',
    );
    expect(validate(record([{ text: "2016", type: "MISC" }]))).toMatch(/pattern/);
    expect(
      validate(
        record([
          { text: "de Gaulle", type: "PER" },
          { text: "Paris", type: "LOC" },
        ]),
      ),
    ).toBeUndefined();
    const file = path.resolve(loaded.directory, loaded.recipe.evaluate!.reference!.file);
    if (!existsSync(file)) return;
    // Of the real development sentences' gold entities, almost none lacks a capital (5 of 5,923:
    // "division" three times, "interior ministry", "90").
    const examples = await readEntityExamples(file, "conll");
    const mentions = examples.flatMap(
      (example) => JSON.parse(example.label) as { text: string; type: string }[],
    );
    const refused = mentions.filter((mention) => validate(record([mention])) !== undefined);
    expect(mentions.length).toBeGreaterThan(5000);
    expect(refused.length / mentions.length).toBeLessThan(0.002);
  });

  it.each([
    // English entities train a tagging head on the English encoder; Chinese ones (no Chinese
    // encoder installs offline) and translations an instruct student writing the answer.
    ["ner-en.yaml", "conll", taggingEncoderName, "token-classification"],
    ["ner-zh.yaml", "cluener", qwen(), "sft"],
    ["medical-ner-zh.yaml", "mentions", qwen(), "sft"],
    ["translation.yaml", "table", qwen(), "sft"],
    ["translation-en-zh.yaml", "table", qwen(), "sft"],
  ])(
    "trains and evaluates %s with no flags: text in, answer or tags out, scored on its real evaluation file",
    async (name, format, student, task) => {
      const loaded = await loadRecipe(path.join(examplesDirectory, name));
      const { recipe } = loaded;
      expect(recipeTrainDefaults(recipe)).toEqual({ baseModel: student, task });
      // A task named without a base model gets that task's student.
      const named = (other: "sft" | "token-classification") =>
        withRecipeTrainDefaults(trainSchema.parse({ task: other }), recipe).baseModel;
      expect(named("token-classification")).toBe(taggingEncoderName);
      expect(named("sft")).toBe(task === "sft" ? student : smollm2());
      const exportDir = mkdtempSync(path.join(os.tmpdir(), "synthforge-example-inputs-"));
      try {
        writeFileSync(path.join(exportDir, "train.jsonl"), "{}\n");
        const inputs = recipeTrainingInputs(loaded, { exportDir });
        const entityField = findEntityField(recipe.output.schema, recipe.output.textField, recipe.language);
        expect(inputs.labelField).toBe(entityField?.entitiesField ?? "translation");
        expect(inputs.labels).toBeUndefined();
        expect(inputs.instruction).toBe(recipe.export.instruction);
      } finally {
        rmSync(exportDir, { recursive: true, force: true });
      }
      const reference = recipe.evaluate?.reference;
      expect(reference?.format).toBe(format);
      expect(recipe.evaluate?.limit).toBeGreaterThanOrEqual(100);
      const file = path.resolve(loaded.directory, reference!.file);
      // The real files live in the development data folder beside the repository, not in it.
      if (!existsSync(file)) return;
      const limit = recipe.evaluate!.limit!;
      if (entityField(recipe) !== undefined) {
        const types = entityField(recipe)!.types;
        // Every type the real file uses is one of the recipe's: a mismatch would throw, naming the line.
        const examples = await readEntityExamples(file, format as "conll", { types, limit });
        expect(examples).toHaveLength(limit);
        const mentions = examples.flatMap((example) => JSON.parse(example.label) as { type: string }[]);
        expect(new Set(mentions.map((mention) => mention.type)).size).toBeGreaterThanOrEqual(3);
      } else {
        const target = path.resolve(loaded.directory, reference!.targetFile!);
        const examples = await readParallelExamples(file, target, { limit });
        expect(examples).toHaveLength(limit);
        const chinese = (text: string) => /[\u4e00-\u9fff]/.test(text);
        const zh = recipe.language === "zh" ? "text" : "label";
        const en = zh === "text" ? "label" : "text";
        // The Chinese side is Chinese; the English side almost never holds a Chinese character
        // (one WMT reference quotes two brand names).
        expect(examples.every((example) => chinese(example[zh]))).toBe(true);
        expect(examples.filter((example) => chinese(example[en])).length).toBeLessThanOrEqual(1);
      }
    },
  );
});

function smollm2(): string {
  return defaultStudentModelName;
}

function qwen(): string {
  return defaultModelName;
}

function entityField(recipe: Awaited<ReturnType<typeof loadRecipe>>["recipe"]) {
  return findEntityField(recipe.output.schema, recipe.output.textField, recipe.language);
}
