import type { ResolvedTemplate } from "./ResolvedTemplate.js";

/**
 * A warning sentence when the recipe's output schema lacks fields the built-in template asks
 * the model to fill (its prompts name those fields), else undefined. Generation still works
 * (decoding follows the recipe's schema) but the prompt and the schema disagree, which
 * hurts quality; the loop should log this once as a warning.
 */
export function outputSchemaMismatch(
  resolved: ResolvedTemplate,
  recipeSchema: Record<string, unknown>,
): string | undefined {
  if (!resolved.outputSchema || resolved.source === "inline") return undefined;
  const wanted = Object.keys((resolved.outputSchema.properties ?? {}) as object);
  const present = new Set(Object.keys((recipeSchema.properties ?? {}) as object));
  const missing = wanted.filter((name) => !present.has(name));
  if (missing.length === 0) return undefined;
  return `Template "${resolved.id}" asks for ${missing.map((name) => `\`${name}\``).join(", ")}, which the recipe's output schema does not have; use the template's schema (\`synthforge templates show ${resolved.id}\`) or override template.prompt.`;
}
