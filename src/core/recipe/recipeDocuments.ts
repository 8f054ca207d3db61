import { z } from "zod";
import { fieldKindsMarkdown } from "../fields/fieldKindsMarkdown.js";
import { recipeSchema } from "./recipeSchema.js";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  [key: string]: unknown;
};

/** The recipe's JSON Schema (input side: fields with defaults are optional), as published in schema/. */
export function recipeJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(recipeSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return { ...schema, $id: "https://synthforge.dev/schema/recipe.schema.json", title: "Synthforge recipe" };
}

/** `schema/recipe.schema.json` exactly as the build writes it. */
export function recipeJsonSchemaText(): string {
  return `${JSON.stringify(recipeJsonSchema(), null, 2)}\n`;
}

/** docs/recipe-reference.md, generated from the same schema so it cannot drift from the code. */
export function recipeReferenceMarkdown(): string {
  const lines = [
    "# Recipe reference",
    "",
    "<!-- Generated from src/core/recipe/*.ts by `npm run schema`; do not edit by hand. -->",
    "",
    "A recipe is a YAML file validated against `schema/recipe.schema.json`. Unknown keys are",
    "errors. Every field not marked required has the default shown. Paths inside a recipe are",
    "relative to the recipe file.",
    "",
  ];
  const root = recipeJsonSchema();
  lines.push("| field | type | default | description |", "| --- | --- | --- | --- |");
  walk(root, "", root.required ?? [], lines);
  lines.push("", fieldKindsMarkdown());
  return `${lines.join("\n")}`;
}

function walk(schema: JsonSchema, prefix: string, required: string[], lines: string[]): void {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = prefix ? `${prefix}.${name}` : name;
    const resolved = unwrap(property);
    const isRequired = required.includes(name) && resolved.default === undefined;
    const defaultText =
      resolved.default === undefined ? (isRequired ? "**required**" : "") : code(resolved.default);
    const description = (property.description ?? resolved.description ?? "")
      .replaceAll("|", "\\|")
      .replaceAll("\n", " ");
    lines.push(`| \`${field}\` | ${typeName(resolved)} | ${defaultText} | ${description} |`);
    if (resolved.properties) walk(resolved, field, resolved.required ?? [], lines);
    else if (resolved.additionalProperties && typeof resolved.additionalProperties === "object") {
      const inner = unwrap(resolved.additionalProperties);
      if (inner.properties) walk(inner, `${field}.<name>`, inner.required ?? [], lines);
    }
  }
}

function unwrap(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const nonNull = options.filter((option) => option.type !== "null");
    if (nonNull.length === 1) {
      return { ...nonNull[0], default: schema.default ?? nonNull[0]!.default, nullable: true };
    }
  }
  return schema;
}

function typeName(schema: JsonSchema): string {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.map(typeName).join(" or ");
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(", ");
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  const base =
    schema.type === "array"
      ? `list of ${schema.items ? typeName(schema.items) : "values"}`
      : schema.type === "object" && !schema.properties
        ? "map"
        : String(schema.type ?? "any");
  const bounds = [
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : undefined,
    schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : undefined,
    schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER
      ? `≤ ${schema.maximum}`
      : undefined,
    schema.exclusiveMaximum !== undefined ? `< ${schema.exclusiveMaximum}` : undefined,
  ].filter(Boolean);
  return `${base}${schema.nullable ? " or null" : ""}${bounds.length ? ` (${bounds.join(", ")})` : ""}`;
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value).replaceAll("|", "\\|")}\``;
}
