import { SynthforgeError } from "../../core/errors/SynthforgeError.js";

/**
 * A template that parses but cannot be rendered: it names a slot no one fills, calls something
 * that fails, or exceeds the rendering bounds. `field` is the recipe path it came from, e.g.
 * `template.phrasings.1`.
 */
export class TemplateRenderError extends SynthforgeError {
  readonly field: (string | number)[];
  readonly problem: string;

  constructor(field: (string | number)[], problem: string, options: { cause?: unknown } = {}) {
    super(`${field.join(".")} ${problem}`, { ...options, exitCode: 2 });
    this.field = field;
    this.problem = problem;
  }
}
