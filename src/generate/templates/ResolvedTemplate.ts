/** A recipe's template after built-in lookup and overrides: what the generation loop renders. */
export interface ResolvedTemplate {
  /** Built-in id, or "inline" for a recipe's own template. */
  id: string;
  /** Built-in version; `<version>+<hash>` when parts were overridden; `inline-<hash>` for inline text. Goes into provenance. */
  version: string;
  /** System message template, if any. */
  system: string | undefined;
  /** The first phrasing (the user message template when rotation is off). */
  prompt: string;
  /** User message templates rotated across plan slots (at least one). */
  phrasings: string[];
  /** Whether slots rotate through `phrasings`; false always uses the first. */
  rotate: boolean;
  /** Built-in slot defaults (lowest precedence). */
  defaults: Record<string, string>;
  /** `template.variables` of the recipe: values for every slot, above the computed ones. */
  variables: Record<string, string>;
  /** The JSON Schema the built-in template fills; undefined for inline templates. */
  outputSchema?: Record<string, unknown>;
  /** Where the template came from. */
  source: "builtin" | "override" | "inline";
  /**
   * The recipe field each part comes from, for errors: `template.system`, `template.prompt`,
   * `template.phrasings.<n>`, or `template.id` for a built-in's own text [those of an inline template].
   */
  fields?: { system: (string | number)[]; phrasings: (string | number)[][] };
}
