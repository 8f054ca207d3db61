import { describe, expect, it } from "vitest";
import { templateSchema } from "../../core/recipe/templateSchema.js";
import { outputSchemaMismatch } from "./outputSchemaMismatch.js";
import { phrasingIndex, renderSlotMessages } from "./renderSlotMessages.js";
import { resolveTemplate } from "./resolveTemplate.js";
import { UnknownTemplateError } from "./UnknownTemplateError.js";

const context = { language: "en", task: "classification", dimensions: { label: ["positive", "negative"] } };
const settings = (input: unknown) => templateSchema.parse(input);

describe("resolveTemplate", () => {
  it("uses a built-in template by id with its phrasings, defaults and schema", () => {
    const resolved = resolveTemplate(settings({ id: "classification-sentiment-en" }), context);
    expect(resolved).toMatchObject({
      id: "classification-sentiment-en",
      version: "1.1.0",
      source: "builtin",
      rotate: true,
    });
    expect(resolved.phrasings.length).toBeGreaterThanOrEqual(2);
    expect(resolved.prompt).toBe(resolved.phrasings[0]);
    expect(resolved.defaults.length).toBe("one to three sentences");
    expect(resolved.outputSchema).toMatchObject({ required: ["text", "label"] });
  });

  it("overrides parts of a built-in and versions the change", () => {
    const resolved = resolveTemplate(
      settings({
        id: "classification-sentiment-en",
        prompt: "Write a {{ label }} tweet ({{ length }}).",
        variables: { length: "ten words" },
      }),
      context,
    );
    expect(resolved.source).toBe("override");
    expect(resolved.version).toMatch(/^1\.1\.0\+[0-9a-f]{8}$/);
    expect(resolved.phrasings).toEqual(["Write a {{ label }} tweet ({{ length }})."]);
    const { messages } = renderSlotMessages(resolved, {
      slotIndex: 3,
      cell: { label: "negative" },
      language: "en",
    });
    expect(messages.at(-1)!.content).toBe("Write a negative tweet (ten words).");
    expect(messages[0]!.role).toBe("system");
  });

  it("accepts an inline template, with a version that follows its text", () => {
    const first = resolveTemplate(settings({ prompt: "Say {{ label }} in {{ language }}." }), context);
    const second = resolveTemplate(settings({ prompt: "Say {{ label }} in {{ language }}!" }), context);
    expect(first).toMatchObject({ id: "inline", source: "inline", system: undefined });
    expect(first.version).not.toBe(second.version);
    const { messages } = renderSlotMessages(first, { slotIndex: 0, cell: { label: "hi" }, language: "zh" });
    expect(messages).toEqual([{ role: "user", content: "Say hi in Chinese." }]);
  });

  it("names close matches for an unknown id in one sentence", () => {
    let error: unknown;
    try {
      resolveTemplate(settings({ id: "classification-sentimnt-en" }), context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownTemplateError);
    expect((error as Error).message).toMatch(
      /^Unknown template id "classification-sentimnt-en"; did you mean "classification-sentiment-en"/,
    );
    expect((error as Error).message.split(". ").length).toBe(1);
  });

  it("asks for a required slot that neither a dimension nor a variable fills", () => {
    expect(() => resolveTemplate(settings({ id: "classification-topic-en" }), { language: "en" })).toThrow(
      /needs `label`: add it as a dimension or under template.variables/,
    );
    expect(() =>
      resolveTemplate(settings({ id: "classification-topic-en", variables: { label: "sports" } }), {
        language: "en",
      }),
    ).not.toThrow();
  });

  it("fails early on a template that does not parse", () => {
    expect(() => resolveTemplate(settings({ prompt: "{% for x in %}" }), context)).toThrow(
      /template.prompt does not parse/,
    );
  });
});

describe("phrasing rotation", () => {
  it("rotates deterministically by slot index, with an offset, unless turned off", () => {
    expect([0, 1, 2, 3, 4].map((slot) => phrasingIndex(3, slot))).toEqual([0, 1, 2, 0, 1]);
    expect([0, 1, 2].map((slot) => phrasingIndex(3, slot, 1))).toEqual([1, 2, 0]);
    expect(phrasingIndex(3, 5, 0, false)).toBe(0);
    const resolved = resolveTemplate(settings({ id: "classification-sentiment-en", rotate: false }), context);
    expect(
      renderSlotMessages(resolved, { slotIndex: 2, cell: { label: "x" }, language: "en" }).phrasingIndex,
    ).toBe(0);
  });

  it("fills labels, language and examples and appends an extra instruction", () => {
    const resolved = resolveTemplate(settings({ id: "classification-generic-en" }), context);
    const { messages } = renderSlotMessages(resolved, {
      slotIndex: 2,
      cell: { label: "positive", domain: "hotels" },
      labelValues: ["positive", "negative"],
      examples: [{ text: "Lovely stay", label: "positive" }],
      language: "en",
      extraInstruction: "Make it a near miss.",
    });
    const user = messages.at(-1)!.content;
    expect(user).toContain("whose classes are positive, negative");
    expect(user).toContain("The setting is hotels.");
    expect(user).toContain('{"text": "Lovely stay", "label": "positive"}');
    expect(user.endsWith("\n\nMake it a near miss.")).toBe(true);
  });
});

describe("outputSchemaMismatch", () => {
  it("warns when the recipe's schema lacks fields the template's prompts name", () => {
    const resolved = resolveTemplate(settings({ id: "classification-sentiment-en" }), context);
    expect(outputSchemaMismatch(resolved, resolved.outputSchema!)).toBeUndefined();
    expect(outputSchemaMismatch(resolved, { type: "object", properties: { review: {}, label: {} } })).toMatch(
      /asks for `text`, which the recipe's output schema does not have/,
    );
    const inline = resolveTemplate(settings({ prompt: "x" }), context);
    expect(outputSchemaMismatch(inline, { type: "object", properties: {} })).toBeUndefined();
  });
});

describe("language", () => {
  it("asks English templates for another language's text when the recipe is not English", () => {
    const resolved = resolveTemplate(settings({ id: "instruction-general-en" }), context);
    const german = renderSlotMessages(resolved, { slotIndex: 0, cell: {}, language: "de" }).messages.at(
      -1,
    )!.content;
    expect(german).toContain("Write all text in German.");
    const english = renderSlotMessages(resolved, { slotIndex: 0, cell: {}, language: "en-GB" }).messages.at(
      -1,
    )!.content;
    expect(english).not.toContain("Write all text in");
  });
});
