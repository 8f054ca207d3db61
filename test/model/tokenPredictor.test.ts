// Speculative decoding through the embedded provider (createEmbeddedModel's `tokenPredictor`), on
// the real default student model with prompt lookup: the predictor is used (its guesses are
// counted) and at temperature 0 the answers are the same as without it, grammar included. (A draft
// model is left out: a draft of this model never ended its answers here, as the draft did on
// four sequences in bench/generate/speculative.ts.)
import { InputLookupTokenPredictor } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { createEmbeddedModel, type EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";

const schema = {
  type: "object",
  properties: {
    names: { type: "array", items: { type: "string", maxLength: 40 }, minItems: 1, maxItems: 4 },
  },
  required: ["names"],
  additionalProperties: false,
};
// Copy-heavy prompts: the answer repeats names from the text, which prompt lookup can guess.
const texts = [
  "Maria Lopez met Thomas Berger and Anna Kowalski in Lisbon to sign the Atlantic Shipping contract.",
  "The report by Daniel Okafor and Priya Raman was sent to the Northfield City Council on Monday.",
  "Kenji Watanabe thanked Laura Schmidt and the Riverside Hospital staff after the surgery.",
];
const messages = (text: string) => [
  { role: "system" as const, content: "You extract data. Answer with JSON only." },
  { role: "user" as const, content: `${text}\n\nList the names of the people in this text, copied exactly.` },
];

let plain: EmbeddedModel;
let lookup: EmbeddedModel;

beforeAll(async () => {
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(
    defaultStudentModelName,
  );
  const settings = { modelPath: resolved.path, id: resolved.name, parallel: 1, contextSize: 512 };
  plain = await createEmbeddedModel(settings);
  lookup = await createEmbeddedModel({ ...settings, tokenPredictor: () => new InputLookupTokenPredictor() });
});

afterAll(async () => {
  await lookup?.dispose();
  await plain?.dispose();
});

describe("embedded provider with a token predictor", () => {
  // One minute: a decode that never ends fails here rather than at the tier's ten-minute limit.
  it("answers as without one at temperature 0, and counts the guesses it checked", async () => {
    const answer = (model: EmbeddedModel, text: string, seed: number) =>
      model.generate({
        messages: messages(text),
        schema,
        sampling: { temperature: 0, topP: 1, topK: 40, maxTokens: 40, seed, repeatPenalty: 1.1 },
      });
    for (const [index, text] of texts.entries()) {
      const expected = await answer(plain, text, index + 1);
      expect(expected.usage.outputTokens).toBeGreaterThan(0);
      const got = await answer(lookup, text, index + 1);
      expect(got.text).toBe(expected.text);
      expect(got.usage.outputTokens).toBe(expected.usage.outputTokens);
    }
    expect(plain.tokenPredictions()).toEqual({ validated: 0, refuted: 0, used: 0, unused: 0 });
    const counts = lookup.tokenPredictions();
    expect(counts.validated + counts.refuted).toBeGreaterThan(0);
    expect(counts.used).toBeLessThanOrEqual(counts.validated);
  }, 60_000);
});
