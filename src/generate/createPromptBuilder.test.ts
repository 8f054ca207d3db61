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
