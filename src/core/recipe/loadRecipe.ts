import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import { findEntityField } from "../entities/entityField.js";
import { RecipeError } from "../errors/RecipeError.js";
import { fieldSettingsProblem } from "../fields/resolveFieldSpecs.js";
import { decodeInputText, TextEncodingProblem } from "../fs/decodeInputText.js";
import { checkLabelsSection } from "../labels/labelGuide.js";
import { compileRecordSchema } from "../recordSchema.js";
import { describeIssue } from "./describeIssue.js";
import { entityExportFormats } from "./exportSchema.js";
import { imageRecipeMismatch, imageRecipeProblem, withImageDefaults } from "./imageRecipeDefaults.js";
import { type Recipe, recipeSchema } from "./recipeSchema.js";

/** A validated recipe plus where it came from. */
export interface LoadedRecipe {
  recipe: Recipe;
  /** Path of the recipe file as given. */
  file: string;
  /** Folder of the recipe; relative paths inside it resolve against this. */
  directory: string;
  /**
   * sha256 of the normalised, validated recipe, less the settings that change how fast records
   * come and not which ({@link throughputSettings}): the identity of its run.
   */
  hash: string;
  /** Line and column of a field in the recipe file (its deepest part that is written there). */
  locate(field: (string | number)[]): { line: number; column: number } | undefined;
}

/** Reads, parses and validates a recipe file; any problem is one RecipeError naming file, line and field. */
export async function loadRecipe(file: string): Promise<LoadedRecipe> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new RecipeError(
      { file },
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      {
        cause: error,
      },
    );
  }
  let source: string;
  try {
    source = decodeInputText(bytes);
  } catch (error) {
    if (!(error instanceof TextEncodingProblem)) throw error;
    throw new RecipeError({ file, line: error.line }, error.message, { cause: error });
  }
  return parseRecipe(source, file);
}

/** Validates recipe text; `file` is used only in messages and to resolve relative paths. */
export function parseRecipe(source: string, file: string): LoadedRecipe {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const position = lineCounter.linePos(yamlError.pos[0]);
    throw new RecipeError(
      { file, line: position.line, column: position.col },
      `is not valid YAML: ${yamlError.message.split("\n")[0]}`,
    );
  }
  const data = recipeData(document, lineCounter, file);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new RecipeError(
      { file, line: 1 },
      "expected a YAML map of recipe sections (name, output, plan, template...)",
    );
  }
  const early = imageRecipeProblem(data as Record<string, unknown>);
  if (early !== undefined) {
    const position = locate(document.contents, [early.field], lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: early.field },
      early.message,
    );
  }
  const parsed = recipeSchema.safeParse(
    withImageDefaults(withAnnotationDefaults(data as Record<string, unknown>)),
    {
      reportInput: true,
    },
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const issuePath = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
    // An unknown key is reported at the key itself, not at its parent map.
    const keyPath =
      issue.code === "unrecognized_keys" && issue.keys[0] !== undefined
        ? [...issuePath, issue.keys[0]]
        : issuePath;
    const position = locate(document.contents, keyPath, lineCounter, issue.code === "unrecognized_keys");
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: issuePath.join(".") || undefined },
      describeIssue(issue),
    );
  }
  const recipe = parsed.data;
  const imageProblem = imageRecipeMismatch(recipe);
  if (imageProblem !== undefined) {
    const position = locate(document.contents, [imageProblem.field], lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: imageProblem.field },
      imageProblem.message,
    );
  }
  try {
    compileRecordSchema(recipe.output.schema);
  } catch (error) {
    const position = locate(document.contents, ["output", "schema"], lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: "output.schema" },
      `expected a valid JSON Schema of one record: ${(error as Error).message}`,
    );
  }
  if (
    recipe.output.labelField !== undefined &&
    !hasProperty(recipe.output.schema, recipe.output.labelField)
  ) {
    const position = locate(document.contents, ["output", "labelField"], lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: "output.labelField" },
      `names "${recipe.output.labelField}", which is not a property of output.schema`,
    );
  }
  const fieldProblem = fieldSettingsProblem(recipe);
  if (fieldProblem !== undefined) {
    const position = locate(document.contents, fieldProblem.path, lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: fieldProblem.path.join(".") },
      fieldProblem.expected,
    );
  }
  const entityFormats = recipe.export.formats.filter((format) => entityExportFormats.includes(format));
  if (
    entityFormats.length > 0 &&
    findEntityField(recipe.output.schema, recipe.output.textField) === undefined
  ) {
    const position = locate(document.contents, ["export", "formats"], lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: "export.formats" },
      `asks for ${entityFormats.join(", ")}, which need an entity list in output.schema: an array property whose items are objects with a string \`text\` and a \`type\`, beside the text field "${recipe.output.textField}"`,
    );
  }
  if (
    recipe.quality.entities !== undefined &&
    (recipe.task !== "extraction" ||
      findEntityField(recipe.output.schema, recipe.output.textField) === undefined)
  ) {
    const position = locate(document.contents, ["quality", "entities"], lineCounter, false);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: "quality.entities" },
      `checks entity records against real annotations, which needs task extraction and an entity list in output.schema (an array of objects with a string \`text\` and a \`type\`); this recipe's task is ${recipe.task}`,
    );
  }
  for (const [name, spec] of Object.entries(recipe.dimensions)) {
    const allowed = enumOf(recipe.output.schema, name);
    const values = Array.isArray(spec) ? spec : Object.keys(spec);
    const stray = allowed === undefined ? undefined : values.find((value) => !allowed.includes(value));
    if (stray !== undefined) {
      const position = locate(document.contents, ["dimensions", name], lineCounter, false);
      throw new RecipeError(
        { file, line: position?.line, column: position?.col, field: `dimensions.${name}` },
        `has the value "${stray}", which output.schema.properties.${name}.enum (${allowed?.join(", ")}) does not allow, so its plan slots could never be filled`,
      );
    }
  }
  const subjects = recipe.generation.variety?.subjects;
  if (subjects !== undefined && !Array.isArray(subjects)) {
    const known = new Set(
      Object.values(recipe.dimensions).flatMap((spec) => (Array.isArray(spec) ? spec : Object.keys(spec))),
    );
    const stray = Object.keys(subjects).find((value) => !known.has(value));
    if (stray !== undefined) {
      const field = ["generation", "variety", "subjects", stray];
      const position = locate(document.contents, field, lineCounter, true);
      throw new RecipeError(
        { file, line: position?.line, column: position?.col, field: field.join(".") },
        `names "${stray}", which is not a value of any dimension (${[...known].join(", ") || "the recipe has none"}), so no slot would draw these subjects`,
      );
    }
  }
  const labelProblem = checkLabelsSection(recipe);
  if (labelProblem !== undefined) {
    const position = locate(document.contents, labelProblem.field, lineCounter, true);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col, field: labelProblem.field.join(".") },
      labelProblem.message,
    );
  }
  const hash = createHash("sha256")
    .update(stableStringify(withoutThroughputSettings(recipe)))
    .digest("hex");
  const locateField = (field: (string | number)[]) => {
    const position = locate(document.contents, field, lineCounter, false);
    return position === undefined ? undefined : { line: position.line, column: position.col };
  };
  return { recipe, file, directory: path.dirname(path.resolve(file)), hash, locate: locateField };
}

/**
 * An annotation recipe (one with `input`) needs no `plan` and no `template`: the input file sets
 * the count and the annotation prompt is built in. Placeholders keep the recipe type whole.
 */
function withAnnotationDefaults(data: Record<string, unknown>): Record<string, unknown> {
  if (data.input === undefined) return data;
  return {
    ...data,
    ...(data.plan === undefined ? { plan: { count: 1 } } : {}),
    ...(data.template === undefined ? { template: { prompt: "{{ text }}" } } : {}),
  };
}

/** How many alias expansions (`*name`) a recipe may make: a few are handy, millions are a bomb. */
const maxAliasCount = 100;

/**
 * The document as plain data. A YAML "billion laughs" (aliases of aliases, each doubling the
 * data) would exhaust memory: the yaml library stops it at `maxAliasCount` expansions, which
 * becomes a RecipeError at the first alias.
 */
function recipeData(document: Document.Parsed, lineCounter: LineCounter, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount });
  } catch (error) {
    let offset: number | undefined;
    visit(document, {
      Alias(_key, node) {
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    const position = offset === undefined ? undefined : lineCounter.linePos(offset);
    throw new RecipeError(
      { file, line: position?.line, column: position?.col },
      error instanceof ReferenceError
        ? `uses YAML aliases (*name) that expand into too many copies (more than ${maxAliasCount}); expected each value written out, or only a few aliases`
        : `cannot be read as YAML: ${(error as Error).message.split("\n")[0]}`,
      { cause: error },
    );
  }
}

/** The `enum` of a top-level property of an object schema, when it has one. */
function enumOf(schema: Record<string, unknown>, name: string): unknown[] | undefined {
  const properties = schema.properties as Record<string, { enum?: unknown }> | undefined;
  const values = properties?.[name]?.enum;
  return Array.isArray(values) ? values : undefined;
}

function hasProperty(schema: Record<string, unknown>, name: string): boolean {
  const properties = schema.properties;
  return typeof properties === "object" && properties !== null && name in properties;
}

/** Line and column of the deepest node of `keyPath` that exists in the document. */
function locate(
  root: Node | null,
  keyPath: (string | number)[],
  lineCounter: LineCounter,
  atKey: boolean,
): { line: number; col: number } | undefined {
  let node: Node | null = root;
  let offset = node?.range?.[0];
  for (const [index, segment] of keyPath.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const last = index === keyPath.length - 1;
      const keyNode = pair.key as Node;
      offset =
        last && atKey ? keyNode.range?.[0] : ((pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0]);
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0];
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset);
}

/**
 * Model settings that change how fast records come, not which: a rerun with more parallel
 * sequences or threads (or on another machine, as a Postgres worker) continues the same run.
 */
export const throughputSettings = [
  "parallel",
  "threads",
  "flashAttention",
  "adaptiveConcurrency",
  "requestTimeoutMs",
  "maxRetries",
] as const;

function withoutThroughputSettings(recipe: Recipe): unknown {
  const strip = (model: unknown) => {
    if (model === null || typeof model !== "object" || Array.isArray(model)) return model;
    const copy: Record<string, unknown> = { ...(model as Record<string, unknown>) };
    for (const key of throughputSettings) delete copy[key];
    return copy;
  };
  return {
    ...recipe,
    // Prices change what a run is said to cost, not which records it makes.
    cost: undefined,
    model: strip(recipe.model),
    judge: {
      ...recipe.judge,
      ...(recipe.judge.model === undefined ? {} : { model: strip(recipe.judge.model) }),
      ...(recipe.judge.models === undefined ? {} : { models: recipe.judge.models.map(strip) }),
    },
  };
}

/** JSON with object keys sorted, so equal recipes hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
