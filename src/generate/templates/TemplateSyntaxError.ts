import { SynthforgeError } from "../../core/errors/SynthforgeError.js";

/** A template that does not parse; `field` is the recipe path it came from, e.g. `template.prompt`. */
export class TemplateSyntaxError extends SynthforgeError {
  readonly field: (string | number)[];
  readonly problem: string;

  constructor(field: (string | number)[], problem: string, options: { cause?: unknown } = {}) {
    super(`${field.join(".")} does not parse: ${problem}`, { ...options, exitCode: 2 });
    this.field = field;
    this.problem = problem;
  }
}
