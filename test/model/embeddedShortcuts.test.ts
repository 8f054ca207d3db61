// The embedded provider writes the opening its JSON grammar would force (the keys, a label
// narrowed to one value) into the prompt instead of decoding it, spaced as the model spaced an
// answer it decoded in full: on the real default model and node-llama-cpp's real grammar, the
// answer is whole JSON with the forced values, the forced tokens are counted as prompt, and the
// token budget still covers the whole answer. And generate() starts a prompt another call
// evaluated from the prompt cache's copy of it, not evaluating it again. And a field's `pattern`
// (the script it is written in) holds from its first token.
import { getLlama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chineseOpening, latinBesideChinese } from "../../src/core/text/scriptPatterns.js";
import { decodingSchema } from "../../src/generate/decodingSchema.js";
import type { EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { forcedJsonPrefix, jsonSpacingOf } from "../../src/providers/embedded/forcedJsonPrefix.js";
import { loadDefaultModel } from "../support/loadDefaultModel.js";

const recordSchema = {
  type: "object",
  properties: {
    text: { type: "string", minLength: 20, maxLength: 200 },
    label: { type: "string", enum: ["positive", "negative"] },
  },
  required: ["text", "label"],
  additionalProperties: false,
};
const messages = [
  {
    role: "system" as const,
    content: "You write realistic, varied training data. Reply with one JSON object.",
  },
  {
    role: "user" as const,
    content:
      'Write a negative customer review of a cafe in five words. Return {"label": "negative", "text": the review}.',
  },
];
let model: EmbeddedModel;
let cached: EmbeddedModel;

beforeAll(async () => {
  model = await loadDefaultModel({ parallel: 1, contextSize: 512 });
  cached = await loadDefaultModel({ parallel: 2, contextSize: 512 });
});

afterAll(async () => {
  await model?.dispose();
  await cached?.dispose();
});

describe("the embedded provider's forced JSON opening", () => {
  it("is found in node-llama-cpp's own grammar for a slot's decoding schema", async () => {
    const spacing = { open: "", colon: " ", comma: " " };
    const schema = decodingSchema(recordSchema, "label", "negative");
    const grammar = await (await getLlama()).createGrammarForJsonSchema(schema as never);
    expect(forcedJsonPrefix(schema, grammar.grammar, spacing)?.prefix).toBe('{"label": "negative", "text":');
    // With the label left to the model, only `{"label":` is forced.
    const free = decodingSchema(recordSchema, "label");
    const freeGrammar = await (await getLlama()).createGrammarForJsonSchema(free as never);
    expect(forcedJsonPrefix(free, freeGrammar.grammar, spacing)?.prefix).toBe('{"label":');
  });

  it("decodes the first answer in full, then prefills the opening as the model spaced it", async () => {
    const schema = decodingSchema(recordSchema, "label", "negative");
    const sampling = { temperature: 0, topP: 1, topK: 40, maxTokens: 80, seed: 1 };
    const first = await model.generate({ messages, schema, sampling });
    const spacing = jsonSpacingOf(schema, first.text);
    expect(spacing).toBeDefined();
    const grammar = await (await getLlama()).createGrammarForJsonSchema(schema as never);
    const prefix = forcedJsonPrefix(schema, grammar.grammar, spacing!)!.prefix;
    expect(first.text.startsWith(prefix)).toBe(true);
    const firstOpening = model.model.tokenize(prefix, false).length;
    expect(first.usage.outputTokens).toBeGreaterThan(firstOpening);

    const result = await model.generate({ messages, schema, sampling });
    expect(result.text.startsWith(prefix)).toBe(true);
    expect(result.json).toMatchObject({ label: "negative" });
    expect(typeof (result.json as { text: unknown }).text).toBe("string");
    expect(result.usage.inputTokens).toBe(
      model.countPromptTokens([...messages, { role: "assistant", content: prefix }]),
    );
    // Decoded: the text with its quotes, the closing brace and the grammar's end; never the opening.
    const rest = model.model.tokenize(result.text.slice(prefix.length), false).length;
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeLessThanOrEqual(rest + 2);

    // The token budget covers the whole answer, opening included.
    const short = await model.generate({ messages, schema, sampling: { ...sampling, maxTokens: 14 } });
    expect(short.finishReason).toBe("length");
    expect(short.text.startsWith(prefix)).toBe(true);
    expect(short.usage.outputTokens).toBe(14 - firstOpening);
  });
});

describe("the embedded provider's prompt cache", () => {
  it("starts a prompt another call evaluated from its kept copy", async () => {
    const sampling = { temperature: 0, topP: 1, topK: 40, maxTokens: 24, seed: 1 };
    const ask = (content: string) =>
      cached.generate({ messages: [messages[0]!, { role: "user", content }], sampling });
    const first = await ask("Name three fruits, one word each.");
    expect(first.usage.cachedInputTokens).toBe(0);
    // Another prompt on the same (lowest idle) sequence: it holds the system prompt, then this.
    const other = await ask("Name three colours, one word each.");
    expect(other.usage.cachedInputTokens).toBeLessThan(other.usage.inputTokens - 5);
    // The first prompt again: its kept copy holds all of it but the last token, evaluated for its logits.
    const again = await ask("Name three fruits, one word each.");
    expect(again.usage.inputTokens).toBe(first.usage.inputTokens);
    expect(again.usage.cachedInputTokens).toBe(first.usage.inputTokens - 1);
    expect(again.text.length).toBeGreaterThan(0);
  });
});

describe("a field's script, held by the grammar", () => {
  const pairSchema = {
    type: "object",
    properties: { text: { type: "string" }, translation: { type: "string" } },
    required: ["text", "translation"],
    additionalProperties: false,
  };
  const patterned = (patterns: Record<string, string>) => ({
    ...pairSchema,
    properties: Object.fromEntries(
      Object.entries(pairSchema.properties).map(([name, property]) => [
        name,
        patterns[name] === undefined ? property : { ...property, pattern: patterns[name] },
      ]),
    ),
  });
  const ask = (content: string, schema: Record<string, unknown>) =>
    model.generate({
      messages: [messages[0]!, { role: "user", content }],
      schema,
      sampling: { temperature: 0, topP: 1, topK: 40, maxTokens: 48, seed: 1 },
    });
  const fields = (text: string) => {
    // An answer cut at the token budget: read each field's value up to where it ends or stops.
    const read = (name: string) => new RegExp(`"${name}":\\s*"((?:[^"\\\\]|\\\\.)*)`).exec(text)?.[1];
    return { text: read("text"), translation: read("translation") };
  };

  it("opens a Chinese field with a Chinese character where the model would write English", async () => {
    const prompt =
      'Write one English sentence about the weather and its translation. Return {"text": ..., "translation": ...}.';
    // What the model writes unconstrained: English.
    expect(fields((await ask(prompt, pairSchema)).text).text).toMatch(/^[A-Za-z]/);
    // Twice: decoded in full, then with the opening prefilled (the grammar after the key).
    for (let time = 0; time < 2; time++) {
      const opened = fields((await ask(prompt, patterned({ text: chineseOpening }))).text).text;
      expect(opened, `answer ${time + 1}`).toMatch(new RegExp(chineseOpening, "u"));
    }
  });

  it("keeps Han out of a field that must hold none, where the model would copy it", async () => {
    const prompt = 'Copy this exactly: {"text": "今天天气很好", "translation": "今天天气很好"}';
    expect(fields((await ask(prompt, pairSchema)).text).translation).toMatch(/\p{Script=Han}/u);
    const answer = fields((await ask(prompt, patterned({ translation: latinBesideChinese }))).text);
    expect(answer.translation).toBeDefined();
    expect(answer.translation).not.toMatch(/\p{Script=Han}/u);
    // Chinese marks in English, and an opening space, likewise (the 1.5B teacher's "Hey，… around？").
    const marks = 'Copy this exactly: {"text": "你好吗？", "translation": " Hey，how are you？"}';
    expect(fields((await ask(marks, pairSchema)).text).translation).toMatch(/[\u3000-\u303f\uff00-\uffef]/u);
    const held = fields((await ask(marks, patterned({ translation: latinBesideChinese }))).text).translation;
    expect(held).toMatch(new RegExp(latinBesideChinese, "u"));
  });
});
