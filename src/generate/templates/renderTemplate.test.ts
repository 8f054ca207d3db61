import { describe, expect, it } from "vitest";
import { renderTemplate } from "./renderTemplate.js";

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
    expect(() => renderTemplate("{% for x in %}", {}, "template.prompt")).toThrow(
      /template\.prompt does not parse/,
    );
  });
});
