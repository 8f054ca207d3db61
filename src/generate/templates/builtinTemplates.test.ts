import { describe, expect, it } from "vitest";
import { compileRecordSchema } from "../../core/recordSchema.js";
import type { BuiltinTemplate } from "./BuiltinTemplate.js";
import { templateTasks } from "./BuiltinTemplate.js";
import { builtinTemplates, findBuiltinTemplate } from "./builtinTemplates.js";
import { renderSlotMessages } from "./renderSlotMessages.js";
import { resolveTemplate } from "./resolveTemplate.js";

const templates = builtinTemplates();

/** A value that satisfies a (simple) JSON Schema, to stand in as a few-shot example. */
function sampleValue(schema: Record<string, unknown>): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (type === "object") {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    return Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, sampleValue(property)]),
    );
  }
  if (type === "array") {
    const length = Math.max(1, Number(schema.minItems ?? 1));
    return Array.from({ length }, () => sampleValue(schema.items as Record<string, unknown>));
  }
  return "sample";
}

function render(template: BuiltinTemplate, slotIndex: number, withExamples: boolean) {
  const resolved = resolveTemplate(
    { id: template.id, rotate: true, variables: {} },
    {
      language: template.language,
      dimensions: Object.fromEntries(template.slots.map((slot) => [slot.name, ["x"]])),
    },
  );
  const cell = Object.fromEntries(
    template.slots.map((slot) => [
      slot.name,
      Array.isArray(slot.sample) ? slot.sample.join(", ") : slot.sample,
    ]),
  );
  return renderSlotMessages(resolved, {
    slotIndex,
    cell,
    examples: withExamples ? [sampleValue(template.outputSchema), sampleValue(template.outputSchema)] : [],
    labelValues: ["alpha", "beta"],
    language: template.language,
  });
}

describe("built-in template library", () => {
  it("has at least 50 templates with unique ids", () => {
    expect(templates.length).toBeGreaterThanOrEqual(50);
    expect(new Set(templates.map((template) => template.id)).size).toBe(templates.length);
  });

  it("covers every task type in Chinese and English with several phrasings", () => {
    for (const task of templateTasks) {
      for (const language of ["en", "zh"] as const) {
        const matching = templates.filter(
          (template) => template.task === task && template.language === language,
        );
        expect(matching.length, `${task}/${language}`).toBeGreaterThanOrEqual(1);
        expect(matching.reduce((sum, template) => sum + template.phrasings.length, 0)).toBeGreaterThanOrEqual(
          2,
        );
      }
    }
  });

  it.each(templates.map((template) => [template.id, template] as const))(
    "%s renders every phrasing and its schema compiles",
    (_, template) => {
      const validate = compileRecordSchema(template.outputSchema);
      expect(validate(sampleValue(template.outputSchema))).toBeUndefined();
      const properties = Object.keys(template.outputSchema.properties as object);
      expect([...(template.outputSchema.required as string[])].sort()).toEqual([...properties].sort());
      expect(properties).toContain(template.textField);
      if (template.labelField) expect(properties).toContain(template.labelField);
      const seen = new Set<string>();
      for (let slotIndex = 0; slotIndex < template.phrasings.length; slotIndex += 1) {
        for (const withExamples of [false, true]) {
          const { messages, phrasingIndex } = render(template, slotIndex, withExamples);
          expect(phrasingIndex).toBe(slotIndex);
          const user = messages.at(-1)!.content;
          expect(user).not.toMatch(/undefined|\{\{|\{%|\[object Object\]/);
          for (const slot of template.slots) {
            const sample = Array.isArray(slot.sample) ? slot.sample.join(", ") : slot.sample;
            if (slot.default === undefined)
              expect(user, `${slot.name} in phrasing ${slotIndex}`).toContain(sample);
          }
          if (withExamples) expect(user).toContain('"sample"');
          seen.add(user);
        }
      }
      expect(seen.size).toBe(template.phrasings.length * 2);
      expect(
        template.slots.every((slot) => template.phrasings.some((phrasing) => phrasing.includes(slot.name))),
      ).toBe(true);
    },
  );

  it("finds templates by id", () => {
    expect(findBuiltinTemplate("classification-sentiment-en")?.task).toBe("classification");
    expect(findBuiltinTemplate("nope")).toBeUndefined();
  });
});
