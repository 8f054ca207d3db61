import * as jinja from "@huggingface/jinja";
import { editDistance } from "../../core/text/editDistance.js";
import { closeMatches } from "./closeMatches.js";
import { TemplateRenderError } from "./TemplateRenderError.js";
import { TemplateSyntaxError } from "./TemplateSyntaxError.js";

/** Bounds of one rendering: past any of them, the template is an error, not a hung or crashed run. */
export const templateLimits = {
  /** Evaluation steps: every expression and statement counts one, and every item of a list it makes or looks up. */
  steps: 200_000,
  /** Characters of any one value, and so of the rendered text. */
  characters: 1_000_000,
  /** Characters of all text values made while rendering, added up (loops that build text). */
  producedCharacters: 20_000_000,
  /** Items of any one list, including what `range()` makes. */
  items: 100_000,
  /** Wall-clock time: a backstop well above what 200,000 steps take even on a loaded machine, so the step bound decides. */
  milliseconds: 10_000,
};

/** Names every environment has that are not slots: constants and functions of the template language. */
const languageNames = new Set([
  "true",
  "false",
  "none",
  "True",
  "False",
  "None",
  "range",
  "raise_exception",
  "namespace",
  "loop",
]);

// The parts of @huggingface/jinja's runtime used here (its type declarations do not resolve under node16).
interface RuntimeValue {
  type: string;
  value: unknown;
}
interface Statement {
  type: string;
}
interface Environment {
  variables: Map<string, RuntimeValue>;
  parent?: Environment;
  set(name: string, value: unknown): RuntimeValue;
}
interface Interpreter {
  run(program: unknown): RuntimeValue;
  evaluate(statement: Statement | undefined, environment: Environment): RuntimeValue;
}
const Environment = jinja.Environment as unknown as new (parent?: Environment) => Environment;
const Interpreter = jinja.Interpreter as unknown as new (environment: Environment) => Interpreter;
type Template = jinja.Template;

class TemplateLimitExceeded extends Error {}

/**
 * The interpreter of @huggingface/jinja with a budget: it counts steps and the size of every
 * value it makes, checks the clock every 1,024 steps, and notes each name that no scope
 * declares (a misspelt slot renders as empty text otherwise).
 */
class BoundedInterpreter extends Interpreter {
  steps = 0;
  produced = 0;
  readonly deadline = performance.now() + templateLimits.milliseconds;
  /** The first name looked up that no scope declares, with the names that were declared there. */
  unknown: { name: string; known: string[] } | undefined;
  /** Identifiers whose absence is asked about (`x is defined`, `x | default(...)`), not an error. */
  readonly probed = new WeakSet<object>();

  override evaluate(statement: Statement | undefined, environment: Environment): RuntimeValue {
    this.charge(1);
    if (statement?.type === "TestExpression" || statement?.type === "FilterExpression")
      this.markProbe(statement);
    const value = super.evaluate(statement, environment);
    if (value.type === "StringValue") {
      const length = (value.value as string).length;
      this.produced += length;
      if (length > templateLimits.characters) {
        throw new TemplateLimitExceeded(
          `makes a text of more than ${templateLimits.characters.toLocaleString("en")} characters`,
        );
      }
      if (this.produced > templateLimits.producedCharacters) {
        throw new TemplateLimitExceeded(
          `makes more than ${templateLimits.producedCharacters.toLocaleString("en")} characters of text while rendering`,
        );
      }
    } else if (value.type === "ArrayValue" || value.type === "ObjectValue") {
      // A loop over a list costs one step per item, though an empty body evaluates nothing.
      const items =
        value.type === "ArrayValue"
          ? (value.value as unknown[]).length
          : (value.value as Map<string, unknown>).size;
      if (items > templateLimits.items) {
        throw new TemplateLimitExceeded(
          `makes a list of more than ${templateLimits.items.toLocaleString("en")} items`,
        );
      }
      this.charge(items);
    }
    if (statement?.type === "Identifier" && value.type === "UndefinedValue" && !this.probed.has(statement)) {
      const name = (statement as unknown as { value: string }).value;
      if (this.unknown === undefined && !declared(environment, name)) {
        this.unknown = { name, known: declaredNames(environment) };
      }
    }
    return value;
  }

  /** Counts `steps` of work, and checks the clock every 1,024 steps. */
  private charge(steps: number): void {
    const before = this.steps;
    this.steps += steps;
    if (this.steps > templateLimits.steps) {
      throw new TemplateLimitExceeded(
        `takes more than ${templateLimits.steps.toLocaleString("en")} steps to render`,
      );
    }
    if (this.steps >> 10 !== before >> 10 && performance.now() > this.deadline) {
      throw new TemplateLimitExceeded(`takes more than ${templateLimits.milliseconds / 1000} s to render`);
    }
  }

  private markProbe(statement: Statement): void {
    const node = statement as unknown as {
      type: string;
      operand: { type: string };
      test?: { value: string };
      filter?: { type: string; value?: string; callee?: { value?: string } };
    };
    const name =
      node.type === "TestExpression" ? node.test?.value : (node.filter?.value ?? node.filter?.callee?.value);
    if (
      node.operand.type === "Identifier" &&
      ["defined", "undefined", "default", "d", "none"].includes(name ?? "")
    ) {
      this.probed.add(node.operand);
    }
  }
}

function declared(environment: Environment | undefined, name: string): boolean {
  for (let scope = environment; scope; scope = scope.parent) if (scope.variables.has(name)) return true;
  return false;
}

function declaredNames(environment: Environment | undefined): string[] {
  const names = new Set<string>();
  for (let scope = environment; scope; scope = scope.parent)
    for (const name of scope.variables.keys()) names.add(name);
  return [...names].filter((name) => !languageNames.has(name)).sort();
}

/** `range` as Python has it, refusing lists longer than the bound instead of filling the heap. */
function boundedRange(start: number, stop?: number, step = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new Error("range() step must not be zero");
  const count = Math.max(0, Math.ceil((to - from) / step));
  if (count > templateLimits.items) {
    throw new TemplateLimitExceeded(
      `calls range() for ${count.toLocaleString("en")} items, more than ${templateLimits.items.toLocaleString("en")}`,
    );
  }
  return Array.from({ length: count }, (_, index) => from + index * step);
}

/**
 * Renders a template in the sandboxed Jinja dialect of @huggingface/jinja: it has no access
 * to JavaScript objects beyond the values passed in, so user text can never run code, and its
 * work is bounded (see `templateLimits`). A name that no variable, loop or `set` declares is an
 * error naming the closest slot, unless the template only asks whether it is defined
 * (`x is defined`, `x | default(...)`). Throws TemplateSyntaxError or TemplateRenderError
 * naming `field`, the recipe path of the template.
 */
export function renderTemplate(
  source: string,
  variables: Record<string, unknown>,
  field: (string | number)[] = ["template"],
): string {
  const template = parseTemplate(source, field);
  const environment = new Environment();
  const globals: Record<string, unknown> = {
    true: true,
    false: false,
    none: null,
    True: true,
    False: false,
    None: null,
    range: boundedRange,
    raise_exception: (message: string) => {
      throw new Error(message);
    },
  };
  for (const [name, value] of Object.entries({ ...globals, ...variables })) environment.set(name, value);
  const interpreter = new BoundedInterpreter(environment);
  let output: string;
  try {
    output = interpreter.run(template.parsed).value as string;
  } catch (error) {
    if (interpreter.unknown) throw unknownNameError(field, interpreter.unknown, error);
    const problem =
      error instanceof TemplateLimitExceeded
        ? `${error.message}; expected a template that renders within bounded work (check its loops and range() calls)`
        : `failed to render: ${(error as Error).message}`;
    throw new TemplateRenderError(field, problem, { cause: error });
  }
  if (interpreter.unknown) throw unknownNameError(field, interpreter.unknown);
  return output;
}

function unknownNameError(
  field: (string | number)[],
  { name, known }: { name: string; known: string[] },
  cause?: unknown,
): TemplateRenderError {
  const [closest] = closeMatches(name, known, 1);
  const suggestion =
    closest !== undefined &&
    editDistance(name.toLowerCase(), closest.toLowerCase()) <= Math.max(2, Math.floor(name.length / 3))
      ? `; did you mean \`${closest}\`?`
      : ".";
  return new TemplateRenderError(
    field,
    `uses \`${name}\`, which is not a slot of this template${suggestion} Its slots: ${known.join(", ") || "none"}.`,
    { cause },
  );
}

/** Parses (and caches) a template without rendering it, so bad templates fail before any model call. */
export function parseTemplate(source: string, field: (string | number)[] = ["template"]): Template {
  let template = compiled.get(source);
  if (!template) {
    try {
      template = new jinja.Template(source);
    } catch (error) {
      throw new TemplateSyntaxError(field, (error as Error).message, { cause: error });
    }
    compiled.set(source, template);
  }
  return template;
}

const compiled = new Map<string, Template>();
