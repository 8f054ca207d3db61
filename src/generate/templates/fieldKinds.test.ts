import { describe, expect, it } from "vitest";
import { builtinTemplates } from "./builtinTemplates.js";

describe("built-in templates' field kinds", () => {
  it("declare only fields of their output schema, and `from` names another of them", () => {
    for (const template of builtinTemplates()) {
      const properties = Object.keys((template.outputSchema as { properties: object }).properties);
      for (const [field, spec] of Object.entries(template.fieldKinds ?? {})) {
        expect(properties, `${template.id}: ${field}`).toContain(field);
        for (const source of spec.from ?? []) {
          expect(properties, `${template.id}: ${field} from ${source}`).toContain(source);
          expect(source, template.id).not.toBe(field);
        }
      }
    }
  });

  it("say what the answer of every instruction template answers, and which texts are reviews", () => {
    const byId = new Map(builtinTemplates().map((template) => [template.id, template]));
    for (const template of builtinTemplates().filter((each) => each.task === "instruction")) {
      expect(template.fieldKinds?.output, template.id).toEqual({ kind: "answer", from: ["instruction"] });
    }
    expect(byId.get("classification-sentiment-en")?.fieldKinds?.text).toEqual({ kind: "review" });
  });
});
