import { describe, expect, it } from "vitest";
import { renderTemplate, templateLimits } from "./renderTemplate.js";
import { TemplateRenderError } from "./TemplateRenderError.js";

function renderError(source: string, variables: Record<string, unknown> = {}): TemplateRenderError {
  try {
    renderTemplate(source, variables, ["template", "prompt"]);
  } catch (error) {
    if (error instanceof TemplateRenderError) return error;
    throw error;
  }
  throw new Error("expected a TemplateRenderError");
}

describe("renderTemplate", () => {
  it("fills named slots and loops", () => {
    expect(
      renderTemplate("Write a {{ label }} review.{% for e in examples %} [{{ e.text }}]{% endfor %}", {
        label: "positive",
        examples: [{ text: "a" }, { text: "b" }],
      }),
    ).toBe("Write a positive review. [a] [b]");
  });

  it("cannot reach JavaScript internals from user text", () => {
    const payloads = [
      "{{ ''.constructor.constructor('return process')().exit(1) }}",
      "{{ label.__proto__.constructor }}",
      "{{ range.constructor('return 1')() }}",
    ];
    for (const payload of payloads) {
      let output: string | undefined;
      try {
        output = renderTemplate(payload, { label: "x" });
      } catch {
        output = undefined;
      }
      expect(output ?? "").not.toMatch(/function|process|\[native code\]/);
    }
  });

  it("names the template in parse errors", () => {
    expect(() => renderTemplate("{% for x in %}", {}, ["template", "prompt"])).toThrow(
      /template\.prompt does not parse/,
    );
  });

  it("stops every kind of runaway template at its bound with an error naming the field, not a crash", () => {
    const big = "x".repeat(1000);
    const runaways: [string, string, Record<string, unknown>, RegExp][] = [
      [
        "a huge range()",
        "{% for i in range(100000000) %}{{ i }}{% endfor %}",
        {},
        /calls range\(\) for 100,000,000 items/,
      ],
      ["a huge range() with a step", "{{ range(0, 10000000000, 3) | length }}", {}, /calls range\(\) for/],
      [
        "nested loops",
        "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}",
        {},
        /takes more than 200,000 steps to render/,
      ],
      [
        "a text doubled in a loop",
        '{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}',
        {},
        /makes a text of more than 1,000,000 characters/,
      ],
      [
        "a list doubled in a loop",
        "{% set ns = namespace(a=[1]) %}{% for i in range(60) %}{% set ns.a = ns.a + ns.a %}{% endfor %}",
        {},
        /makes a list of more than 100,000 items|takes more than 200,000 steps/,
      ],
      ["a large value repeated", "{% for i in range(90000) %}{{ big }}{% endfor %}", { big }, /characters/],
      ["recursion", "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", {}, /./],
    ];
    for (const [name, source, variables, expected] of runaways) {
      const error = renderError(source, variables);
      expect(error.message, name).toMatch(/^template\.prompt /);
      expect(error.message, name).toMatch(expected);
      expect(error.field, name).toEqual(["template", "prompt"]);
      expect(error.exitCode, name).toBe(2);
    }
  });

  it("stops a template that runs past its time bound", () => {
    const saved = templateLimits.milliseconds;
    templateLimits.milliseconds = 0;
    try {
      expect(renderError("{% for i in range(5000) %}{{ i }}{% endfor %}").message).toMatch(
        /takes more than 0 s to render/,
      );
    } finally {
      templateLimits.milliseconds = saved;
    }
  });

  it("renders templates well inside the bounds as before", () => {
    const examples = Array.from({ length: 50 }, (_, index) => ({ text: `example ${index} `.repeat(100) }));
    const output = renderTemplate(
      "{% for e in examples %}{{ loop.index }}. {{ e.text }}\n{% endfor %}{% for i in range(1000) %}.{% endfor %}",
      { examples },
    );
    expect(output.length).toBeGreaterThan(50 * 1000);
  });

  it("names a misspelt slot and its closest match instead of rendering it as empty text", () => {
    const variables = { label: "positive", language: "English", examples: [] };
    expect(renderError("Write a {{ lable }} review.", variables).message).toBe(
      "template.prompt uses `lable`, which is not a slot of this template; did you mean `label`? Its slots: examples, label, language.",
    );
    expect(renderError("{% if topic %}about {{ topic }}{% endif %}", variables).message).toMatch(
      /^template\.prompt uses `topic`, which is not a slot of this template\. Its slots: examples, label, language\.$/,
    );
    // Misspelt inside a branch or a loop, or called as a function.
    expect(renderError('{% if label == "positive" %}{{ langauge }}{% endif %}', variables).message).toMatch(
      /did you mean `language`/,
    );
    expect(renderError("{% for e in exampels %}{{ e }}{% endfor %}", variables).message).toMatch(
      /did you mean `examples`/,
    );
    expect(renderError("{{ labl() }}", variables).message).toMatch(/uses `labl`.*did you mean `label`/);
  });

  it("accepts names a template declares itself, slots without a value, and names it only asks about", () => {
    const variables = { label: "positive", description: undefined, examples: [{ text: "a" }] };
    const sources = [
      "{% set tone = label %}{{ tone }}",
      "{% for e in examples %}{{ loop.index }} {{ e.text }}{% endfor %}",
      "{% macro line(x) %}[{{ x }}]{% endmacro %}{{ line(label) }}",
      "{{ description }}{% if description %}never{% endif %}",
      "{% if style is defined %}{{ style }}{% endif %}{% if style is not defined %}plain{% endif %}",
      '{{ style | default("plain") }}',
      "{{ none }}{{ true }}{{ range(2) | length }}",
    ];
    for (const source of sources) expect(() => renderTemplate(source, variables), source).not.toThrow();
  });
});
