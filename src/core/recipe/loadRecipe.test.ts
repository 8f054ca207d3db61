import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RecipeError } from "../errors/RecipeError.js";
import { loadRecipe, parseRecipe } from "./loadRecipe.js";

const valid = `name: reviews
output:
  schema:
    type: object
    properties:
      text: {type: string}
      label: {type: string, enum: [positive, negative]}
    required: [text, label]
  labelField: label
dimensions:
  label: [positive, negative]
plan:
  count: 10
template:
  prompt: "Write a {{ label }} review."
`;

function errorOf(source: string): RecipeError {
  try {
    parseRecipe(source, "recipe.yaml");
  } catch (error) {
    if (error instanceof RecipeError) return error;
    throw error;
  }
  throw new Error("expected a RecipeError");
}

describe("parseRecipe", () => {
  it("fills the documented defaults", () => {
    const { recipe } = parseRecipe(valid, "recipe.yaml");
    expect(recipe.generation).toMatchObject({ temperature: 0.7, topP: 0.92, maxTokens: 256 });
    expect(recipe.model).toMatchObject({
      provider: "embedded",
      name: "qwen2.5-coder-0.5b-instruct",
    });
    // Measured per model by the registry when the recipe sets none.
    expect(recipe.model.parallel).toBeUndefined();
    expect(recipe.quality.gates.entropy).toBe(3.8);
    expect(recipe.review).toMatchObject({ share: 0.05, minimum: 30 });
  });

  it("gives the same hash to the same recipe written in another key order", () => {
    const reordered = valid.replace("name: reviews\n", "") + "name: reviews\n";
    expect(parseRecipe(reordered, "a.yaml").hash).toBe(parseRecipe(valid, "b.yaml").hash);
  });

  it("keeps the run's identity when only how fast it runs changes, and changes it with what it makes", () => {
    const withModel = (lines: string) =>
      valid.replace(/^name: reviews\n/m, `name: reviews\nmodel:\n${lines}`);
    const plain = parseRecipe(withModel("  name: qwen2.5-coder-0.5b-instruct\n"), "a.yaml").hash;
    const faster = parseRecipe(
      withModel(
        "  name: qwen2.5-coder-0.5b-instruct\n  parallel: 8\n  threads: 1\n  flashAttention: false\n  maxRetries: 2\n",
      ),
      "b.yaml",
    ).hash;
    expect(faster).toBe(plain);
    const judged = `${withModel("  name: qwen2.5-coder-0.5b-instruct\n")}judge:\n  model: { name: qwen2.5-coder-1.5b-instruct, parallel: 2 }\n`;
    const judgedFaster = judged.replace("parallel: 2", "parallel: 16");
    expect(parseRecipe(judgedFaster, "c.yaml").hash).toBe(parseRecipe(judged, "d.yaml").hash);
    expect(parseRecipe(judged, "e.yaml").hash).not.toBe(plain);
    const otherModel = parseRecipe(withModel("  name: qwen2.5-coder-1.5b-instruct\n"), "f.yaml").hash;
    expect(otherModel).not.toBe(plain);
  });

  it("names file, line, field and expectation for an unknown key", () => {
    const error = errorOf(valid.replace("  count: 10", "  count: 10\n  cuont: 3"));
    expect(error.location).toMatchObject({ file: "recipe.yaml", line: 14, field: "plan" });
    expect(error.message).toBe("recipe.yaml:14:3: field `plan` has unknown key `cuont`; remove or rename it");
  });

  it("refuses an NER export format for a schema without an entity list, naming the line", () => {
    const error = errorOf(`${valid}export:\n  formats: [jsonl, conll]\n`);
    expect(error.location).toMatchObject({ file: "recipe.yaml", line: 17, field: "export.formats" });
    expect(error.message).toMatch(
      /^recipe\.yaml:17:\d+: field `export\.formats` asks for conll, which need an entity list in output\.schema/,
    );
  });

  it("refuses real-annotation checks on a recipe without an entity list, naming the line", () => {
    const error = errorOf(
      `${valid}quality:\n  entities:\n    reference: { file: train.conll, format: conll }\n`,
    );
    expect(error.location).toMatchObject({ file: "recipe.yaml", line: 18, field: "quality.entities" });
    expect(error.message).toMatch(/needs task extraction and an entity list in output\.schema/);
  });

  it("names the line of a value of the wrong type", () => {
    const error = errorOf(`${valid}generation:\n  temperature: hot\n`);
    expect(error.message).toBe(
      'recipe.yaml:17:16: field `generation.temperature` expected number, got "hot"',
    );
  });

  it("reports values out of range with the bound", () => {
    expect(errorOf(valid.replace("count: 10", "count: 0")).message).toMatch(
      /recipe\.yaml:13:10: field `plan\.count` expected a value >= 1, got 0/,
    );
  });

  it("reports a missing section", () => {
    expect(errorOf("name: x\nplan: {count: 1}\ntemplate: {prompt: hi}\n").message).toMatch(
      /field `output` is required/,
    );
  });

  it("reports YAML syntax errors with their line", () => {
    expect(errorOf("name: x\nplan: [\n").location.line).toBeGreaterThanOrEqual(2);
  });

  it("stops a YAML alias bomb at its first alias, and keeps a few aliases working", () => {
    const levels = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const bomb = levels
      .map((name, index) =>
        index === 0
          ? `${name}: &${name} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[index - 1]}`)
              .join(", ")}]`,
      )
      .join("\n");
    expect(errorOf(`${bomb}\n${valid}`).message).toBe(
      "recipe.yaml:2:8: uses YAML aliases (*name) that expand into too many copies (more than 100); expected each value written out, or only a few aliases",
    );
    const aliased = valid.replace("name: reviews", "name: &name reviews\ndescription: *name");
    expect(parseRecipe(aliased, "recipe.yaml").recipe.description).toBe("reviews");
  });

  it("never prints the credentials of a URL it rejects", () => {
    const message = errorOf(
      `${valid}model: { provider: openai-compatible, baseUrl: "http://u:sk-KEY@h st/v1" }\n`,
    ).message;
    expect(message).toContain("field `model.baseUrl` expected a valid url");
    expect(message).not.toContain("sk-KEY");
  });

  it("rejects an output schema that is not an object schema", () => {
    expect(errorOf(valid.replace("    type: object\n", "    type: string\n")).message).toMatch(
      /field `output\.schema` expected a valid JSON Schema of one record/,
    );
  });

  it("rejects a labelField that the schema does not have", () => {
    expect(errorOf(valid.replace("labelField: label", "labelField: sentiment")).message).toMatch(
      /`output\.labelField` names "sentiment"/,
    );
  });

  it("rejects a dimension value that the schema's enum for that field does not allow", () => {
    expect(
      errorOf(valid.replace("label: [positive, negative]\n", "label: [positive, mixed]\n")).message,
    ).toMatch(
      /recipe\.yaml:11:10: field `dimensions\.label` has the value "mixed", which .*enum \(positive, negative\) does not allow/,
    );
  });

  it("rejects variety subjects keyed by a value no dimension has, at that key", () => {
    const recipe = `${valid}generation:\n  variety:\n    subjects:\n      positive: [the dessert]\n      mixed: [the bill]\n`;
    expect(errorOf(recipe).message).toMatch(
      /recipe\.yaml:\d+:7: field `generation\.variety\.subjects\.mixed` names "mixed", which is not a value of any dimension \(positive, negative\)/,
    );
    expect(() => parseRecipe(recipe.replace("mixed:", "negative:"), "recipe.yaml")).not.toThrow();
  });

  it("rejects a template with neither id nor prompt", () => {
    expect(
      errorOf(valid.replace('  prompt: "Write a {{ label }} review."', "  variables: {}")).message,
    ).toMatch(/field `template`.*either `id`/);
  });
});

describe("loadRecipe", () => {
  it("resolves the recipe folder and names an unreadable file", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "recipe-"));
    const file = path.join(folder, "r.yaml");
    writeFileSync(file, valid);
    expect((await loadRecipe(file)).directory).toBe(folder);
    await expect(loadRecipe(path.join(folder, "missing.yaml"))).rejects.toThrow(
      /missing\.yaml: cannot be read \(ENOENT\)/,
    );
  });
});
