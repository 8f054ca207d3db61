import { describe, expect, it } from "vitest";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import { createPromptBuilder } from "./createPromptBuilder.js";
import { resolveTemplate } from "./templates/resolveTemplate.js";

const { recipe } = parseRecipe(
  `
name: demo
description: Short reviews.
output:
  schema: { type: object, properties: { text: { type: string } }, required: [text] }
dimensions: { label: [positive, negative] }
plan: { count: 4 }
template:
  system: "Task {{ task }}: {{ description }} Schema {{ schema }}"
  phrasings:
    - "A {{ label }} one in {{ language }} for {{ audience }}.{% for e in examples %} Like: {{ e.text }}{% endfor %}"
    - "Another {{ label }} one."
  variables: { audience: cooks }
seeds: { file: seeds.jsonl, perPrompt: 1 }
`,
  "demo.yaml",
);
const template = resolveTemplate(recipe.template, { language: recipe.language, task: recipe.task });
const examples = [
  { id: "seeds.jsonl:1", fields: { text: "first" } },
  { id: "seeds.jsonl:2", fields: { text: "second" } },
];

describe("createPromptBuilder", () => {
  const build = createPromptBuilder(recipe, template, examples);

  it("fills the cell, recipe fields, variables, schema and few-shot examples", () => {
    const prompt = build({ index: 0, cell: { label: "positive" } }, 0);
    expect(prompt.messages).toEqual([
      {
        role: "system",
        content:
          'Task classification: Short reviews. Schema {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}',
      },
      { role: "user", content: "A positive one in English for cooks. Like: first" },
    ]);
    expect(prompt.fewShot).toEqual(["seeds.jsonl:1"]);
    expect(prompt.template).toEqual({ id: "inline", version: template.version });
  });

  it("rotates phrasings across slots and examples across attempts", () => {
    expect(build({ index: 1, cell: { label: "negative" } }, 0).messages[1]!.content).toBe(
      "Another negative one.",
    );
    expect(build({ index: 2, cell: { label: "negative" } }, 1).fewShot).toEqual(["seeds.jsonl:2"]);
  });
});

describe("few-shot rotation with a label field", () => {
  const labelled = parseRecipe(
    `
name: labelled
description: Reviews.
output:
  schema:
    type: object
    properties: { text: { type: string }, label: { type: string } }
    required: [text, label]
  labelField: label
dimensions: { label: [positive, negative] }
plan: { count: 8 }
template:
  prompt: "{{ label }}:{% for e in examples %} [{{ e.text }}]{% endfor %}"
seeds: { file: seeds.jsonl, perPrompt: 2 }
`,
    "labelled.yaml",
  ).recipe;
  const seeds = ["good", "great", "fine", "bad", "awful", "poor"].map((text, index) => ({
    id: `seeds.jsonl:${index + 1}`,
    fields: { text, label: index < 3 ? "positive" : "negative" },
  }));
  const build = createPromptBuilder(
    labelled,
    resolveTemplate(labelled.template, { language: labelled.language, task: labelled.task }),
    seeds,
  );

  it("shows seeds of the slot's label, and different ones on consecutive slots", () => {
    const shown = [0, 1, 2].map((index) => build({ index, cell: { label: "negative" } }, 0).fewShot);
    for (const ids of shown) {
      expect(ids).toHaveLength(2);
      for (const id of ids) expect(["seeds.jsonl:4", "seeds.jsonl:5", "seeds.jsonl:6"]).toContain(id);
    }
    expect(shown[0]).not.toEqual(shown[1]);
    expect(new Set(shown.flat()).size).toBe(3);
  });
});

describe("feedback from a human review", () => {
  const labelled = parseRecipe(
    `
name: labelled
description: Reviews.
output:
  schema:
    type: object
    properties: { text: { type: string }, label: { type: string } }
    required: [text, label]
  labelField: label
dimensions: { label: [positive, negative] }
plan: { count: 8 }
template:
  prompt: "{{ label }}:{% for e in examples %} [{{ e.text }}]{% endfor %}"
`,
    "labelled.yaml",
  ).recipe;
  const template = resolveTemplate(labelled.template, { language: labelled.language, task: labelled.task });

  it("adds the guidance, the cell's guidance, and reviewed exemplars of the slot's label; nothing without feedback", () => {
    const build = createPromptBuilder(labelled, template, [], {
      exemplars: [
        { id: "review:a", fields: { text: "fixed to negative", label: "negative" }, fixed: true },
        { id: "review:b", fields: { text: "confirmed positive", label: "positive" } },
        { id: "review:c", fields: { text: "another negative", label: "negative" } },
      ],
      guidance: "Avoid wrong labels.",
      cellGuidance: { [JSON.stringify([["label", "negative"]])]: "Take extra care here." },
    });
    // The fix first, on every slot of its label; then a confirmed record of that label.
    for (const index of [0, 1, 2]) {
      const negative = build({ index, cell: { label: "negative" } }, 0);
      expect(negative.fewShot).toEqual(["review:a", "review:c"]);
      expect(negative.messages.at(-1)!.content).toBe(
        "negative: [fixed to negative] [another negative]\n\nAvoid wrong labels. Take extra care here.",
      );
    }
    const positive = build({ index: 0, cell: { label: "positive" } }, 0);
    expect(positive.fewShot).toEqual(["review:b"]);
    expect(positive.messages.at(-1)!.content).toBe("positive: [confirmed positive]\n\nAvoid wrong labels.");
    const plain = createPromptBuilder(labelled, template, []);
    expect(plain({ index: 0, cell: { label: "positive" } }, 0).messages.at(-1)!.content).toBe("positive:");
  });
});
