import { Template } from "@huggingface/jinja";
import { SynthforgeError } from "../../core/errors/SynthforgeError.js";
import { TemplateSyntaxError } from "./TemplateSyntaxError.js";

const compiled = new Map<string, Template>();

/**
 * Renders a template in the sandboxed Jinja dialect of @huggingface/jinja: it has no access
 * to JavaScript objects beyond the values passed in, so user text can never run code.
 * Throws a SynthforgeError naming the template when it does not parse or render.
 */
export function renderTemplate(
  source: string,
  variables: Record<string, unknown>,
  name = "template",
): string {
  const template = parseTemplate(source, name.split("."));
  try {
    return template.render(variables);
  } catch (error) {
    throw new SynthforgeError(`${name} failed to render: ${(error as Error).message}`, {
      cause: error,
      exitCode: 2,
    });
  }
}

/** Parses (and caches) a template without rendering it, so bad templates fail before any model call. */
export function parseTemplate(source: string, field: (string | number)[] = ["template"]): Template {
  let template = compiled.get(source);
  if (!template) {
    try {
      template = new Template(source);
    } catch (error) {
      throw new TemplateSyntaxError(field, (error as Error).message, { cause: error });
    }
    compiled.set(source, template);
  }
  return template;
}
