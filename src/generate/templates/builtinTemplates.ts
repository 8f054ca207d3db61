import { z } from "zod";
import { type BuiltinTemplate, builtinTemplateSchema } from "./BuiltinTemplate.js";
import { builtinTemplateData } from "./builtin/index.js";

let library: readonly BuiltinTemplate[] | undefined;

/**
 * The built-in template library, validated on first use: every entry must match
 * `builtinTemplateSchema` and ids must be unique. A failure here is a bug in the library.
 */
export function builtinTemplates(): readonly BuiltinTemplate[] {
  if (library) return library;
  const parsed = z.array(builtinTemplateSchema).parse(builtinTemplateData);
  const seen = new Set<string>();
  for (const template of parsed) {
    if (seen.has(template.id)) throw new Error(`built-in template id ${template.id} is used twice`);
    seen.add(template.id);
  }
  library = Object.freeze(parsed);
  return library;
}

/** The built-in template with this id, or undefined. */
export function findBuiltinTemplate(id: string): BuiltinTemplate | undefined {
  return builtinTemplates().find((template) => template.id === id);
}
