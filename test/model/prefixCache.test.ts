// The embedded provider's prefix cache (createPrefixCache) on the real default student model:
// prompts that share a long start (a system prompt and a phrasing's fixed instructions) but come
// to different sequences, and alternate between two phrasings, evaluate that start once per
// phrasing, not once per sequence and phrasing switch; and an answer drawn from a copied start
// is the one drawn from a start the sequence evaluated itself (temperature 0).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { createEmbeddedModel, type EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import type { GenerateResult } from "../../src/providers/LanguageModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";

const schema = {
  type: "object",
  properties: {
    text: { type: "string", maxLength: 80 },
    label: { type: "string", enum: ["positive", "negative"] },
  },
  required: ["text", "label"],
  additionalProperties: false,
};
const system =
  "You write realistic, varied training data. Reply with one JSON object with exactly the requested fields and nothing else.";
const phrasings = [
  "Write one short customer review in one or two short sentences, in the first person, about one specific thing you ordered, bought or noticed. Write only the review, and keep it under twenty words.",
  "You just tried something you paid for. Write your online review in one or two short sentences, naming one concrete thing that happened, and keep it under twenty words. Write only the review.",
];
const cells = [
  "positive, of a restaurant",
  "negative, of a cafe",
  "positive, of a blender",
  "negative, of a phone",
];
const messages = (phrasing: number, cell: string) => [
  { role: "system" as const, content: system },
  { role: "user" as const, content: `${phrasings[phrasing]}\nThe review: ${cell}.` },
];
const sampling = { temperature: 0, topP: 1, topK: 40, maxTokens: 40, seed: 7 };

let model: EmbeddedModel;

beforeAll(async () => {
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(
    defaultStudentModelName,
  );
  model = await createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    parallel: 2,
    contextSize: 512,
  });
});

afterAll(async () => {
  await model?.dispose();
});

describe("embedded provider's prefix cache", () => {
  it("evaluates a start shared across sequences and phrasings once, and answers from a copy as from its own evaluation", async () => {
    // Two at a time (both sequences busy), the phrasings alternating between the calls of a pair.
    const results: { phrasing: number; result: GenerateResult }[] = [];
    for (const [index, cell] of cells.entries()) {
      const pair = [index % 2, (index + 1) % 2];
      const answers = await Promise.all(
        pair.map((phrasing) => model.generate({ messages: messages(phrasing, cell), schema, sampling })),
      );
      results.push(...answers.map((result, place) => ({ phrasing: pair[place]!, result })));
    }
    // The phrasing's start: the prompt without its last line and the chat template's closing tokens.
    const startOf = (phrasing: number) => model.countPromptTokens(messages(phrasing, "")) - 8;
    // The first pair evaluates the system prompt's start once, the second each phrasing's start
    // once; from then on every prompt finds its phrasing's whole start in the cache.
    for (const [index, { phrasing, result }] of results.entries()) {
      if (index < 4) continue;
      expect(result.usage.cachedInputTokens ?? 0, `call ${index}`).toBeGreaterThanOrEqual(startOf(phrasing));
    }
    // The same prompt again: its start copied from the cache this time, the same answer at temperature 0.
    const again = await model.generate({ messages: messages(0, cells[0]!), schema, sampling });
    expect(again.usage.cachedInputTokens ?? 0).toBeGreaterThan(0);
    expect(again.text).toBe(results[0]!.result.text);
  });
});
