import { createHash } from "node:crypto";
import { SynthforgeError } from "../../core/errors/SynthforgeError.js";
import type { Dimensions } from "../../core/recipe/dimensionsSchema.js";
import type { TemplateSettings } from "../../core/recipe/templateSchema.js";
import { builtinTemplates, findBuiltinTemplate } from "./builtinTemplates.js";
import { closeMatches } from "./closeMatches.js";
import type { ResolvedTemplate } from "./ResolvedTemplate.js";
import { parseTemplate } from "./renderTemplate.js";
import { UnknownTemplateError } from "./UnknownTemplateError.js";

/** The parts of a recipe that template resolution looks at. */
export interface TemplateContext {
  /** Recipe language (BCP 47); unknown ids are matched preferring this language. */
  language: string;
  /** Recipe task; unknown ids are matched preferring this task. */
  task?: string;
  /** Control dimensions: a built-in slot without a default must be one of them or a variable. */
  dimensions?: Dimensions;
}

/**
 * Resolves `recipe.template` into the text the loop renders: a built-in by id, a built-in
 * with `system`/`prompt`/`phrasings`/`variables` overridden, or an inline template.
 * Throws UnknownTemplateError (with close matches) for an unknown id, and a SynthforgeError
 * when a template does not parse or a required slot has no source.
 */
export function resolveTemplate(
  recipeTemplate: TemplateSettings,
  context: TemplateContext,
): ResolvedTemplate {
  const userPhrasings =
    recipeTemplate.phrasings ?? (recipeTemplate.prompt === undefined ? undefined : [recipeTemplate.prompt]);
  let resolved: ResolvedTemplate;
  if (recipeTemplate.id === undefined) {
    const phrasings = userPhrasings ?? [];
    resolved = {
      id: "inline",
      version: `inline-${hash([recipeTemplate.system ?? "", ...phrasings])}`,
      system: recipeTemplate.system,
      prompt: phrasings[0]!,
      phrasings,
      rotate: recipeTemplate.rotate,
      defaults: {},
      variables: { ...recipeTemplate.variables },
      source: "inline",
    };
  } else {
    const builtin = findBuiltinTemplate(recipeTemplate.id);
    if (!builtin) throw new UnknownTemplateError(recipeTemplate.id, suggestions(recipeTemplate.id, context));
    const overridden = recipeTemplate.system !== undefined || userPhrasings !== undefined;
    const phrasings = userPhrasings ?? builtin.phrasings;
    const defaults = Object.fromEntries(
      builtin.slots.flatMap((slot) => (slot.default === undefined ? [] : [[slot.name, slot.default]])),
    );
    resolved = {
      id: builtin.id,
      version: overridden
        ? `${builtin.version}+${hash([recipeTemplate.system ?? builtin.system, ...phrasings])}`
        : builtin.version,
      system: recipeTemplate.system ?? builtin.system,
      prompt: phrasings[0]!,
      phrasings: [...phrasings],
      rotate: recipeTemplate.rotate,
      defaults,
      variables: { ...recipeTemplate.variables },
      outputSchema: builtin.outputSchema,
      source: overridden ? "override" : "builtin",
    };
    const missing = builtin.slots
      .filter((slot) => slot.default === undefined)
      .map((slot) => slot.name)
      .filter(
        (name) =>
          resolved.variables[name] === undefined &&
          context.dimensions?.[name] === undefined &&
          name !== "labels",
      );
    if (missing.length > 0) {
      throw new SynthforgeError(
        `Template "${builtin.id}" needs ${missing.map((name) => `\`${name}\``).join(", ")}: add ${missing.length > 1 ? "them" : "it"} as a dimension or under template.variables.`,
        { exitCode: 2 },
      );
    }
  }
  const builtinText = ["template", "id"];
  resolved.fields = {
    system:
      resolved.source === "builtin" || recipeTemplate.system === undefined
        ? builtinText
        : ["template", "system"],
    phrasings: resolved.phrasings.map((_, index) =>
      userPhrasings === undefined
        ? builtinText
        : recipeTemplate.phrasings === undefined
          ? ["template", "prompt"]
          : ["template", "phrasings", index],
    ),
  };
  if (resolved.system !== undefined) parseTemplate(resolved.system, resolved.fields.system);
  resolved.phrasings.forEach((phrasing, index) => {
    parseTemplate(phrasing, resolved.fields!.phrasings[index]);
  });
  return resolved;
}

function suggestions(id: string, context: TemplateContext): string[] {
  const all = builtinTemplates();
  const preferred = all.filter(
    (template) => template.language === context.language.slice(0, 2) || template.task === context.task,
  );
  const close = closeMatches(
    id,
    all.map((template) => template.id),
    3,
  );
  const nearby = closeMatches(
    id,
    preferred.map((template) => template.id),
    3,
  );
  return [...new Set([...close, ...nearby])].slice(0, 3);
}

function hash(parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 8);
}
