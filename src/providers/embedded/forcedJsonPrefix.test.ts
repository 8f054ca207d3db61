import { describe, expect, it } from "vitest";
import { forcedJsonPrefix, jsonSpacingOf } from "./forcedJsonPrefix.js";

// Rules shared by node-llama-cpp 3.22's grammars for JSON objects (createGrammarForJsonSchema).
const stringRules = [
  'string-char-rule ::= [^"\\\\\\x7F\\x00-\\x1F] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4}',
  'string-rule ::= "\\"" string-char-rule* "\\""',
  'comma-whitespace-b-1-4-rule ::= "," ([\\n] ("    " | "\\t") | [ ]?)',
  'whitespace-b-1-4-rule ::= [\\n] ("    " | "\\t") | [ ]?',
  "whitespace-b-0-4-rule ::= [\\n] | [ ]?",
];
// node-llama-cpp's grammar for {label: enum [positive], text: string}, as it writes it.
const labelled = [
  'root ::= "{" whitespace-b-1-4-rule "\\"label\\"" ":" [ ]? val0 comma-whitespace-b-1-4-rule "\\"text\\"" ":" [ ]? string-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*',
  'val0 ::= "\\"positive\\""',
  ...stringRules,
].join("\n");
// … for {instruction, input, output}, all free strings.
const instruction = [
  'root ::= "{" whitespace-b-1-4-rule "\\"instruction\\"" ":" [ ]? string-rule comma-whitespace-b-1-4-rule "\\"input\\"" ":" [ ]? string-rule comma-whitespace-b-1-4-rule "\\"output\\"" ":" [ ]? string-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*',
  ...stringRules,
].join("\n");
const compact = { open: "", colon: " ", comma: " " };
const indented = { open: "\n    ", colon: " ", comma: "\n    " };
const labelledSchema = {
  type: "object",
  properties: { label: { type: "string", enum: ["positive"] }, text: { type: "string" } },
};

describe("forcedJsonPrefix", () => {
  it("prefills the forced label and the text's key, and continues node-llama-cpp's grammar after its colon", () => {
    const forced = forcedJsonPrefix(labelledSchema, labelled, compact);
    expect(forced?.prefix).toBe('{"label": "positive", "text":');
    const root = forced?.grammar.split("\n")[0];
    expect(root).toBe('root ::= [ ]? string-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*');
    // Every other rule is kept.
    expect(forced?.grammar.split("\n").slice(1)).toEqual(labelled.split("\n").slice(1));
    // The prefix and a continuation the new root allows make the JSON the schema describes.
    expect(JSON.parse(`${forced?.prefix} "The soup was cold."}`)).toEqual({
      label: "positive",
      text: "The soup was cold.",
    });
  });

  it("prefills only the first key when the first value is free, whatever its type, and keeps the properties after it", () => {
    const schema = {
      type: "object",
      properties: { instruction: { type: "string" }, input: { type: "string" }, output: { type: "string" } },
    };
    const forced = forcedJsonPrefix(schema, instruction, compact);
    expect(forced?.prefix).toBe('{"instruction":');
    expect(forced?.grammar.split("\n")[0]).toBe(
      'root ::= [ ]? string-rule comma-whitespace-b-1-4-rule "\\"input\\"" ":" [ ]? string-rule comma-whitespace-b-1-4-rule "\\"output\\"" ":" [ ]? string-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*',
    );
  });

  it("writes the opening with the model's own spacing", () => {
    expect(forcedJsonPrefix(labelledSchema, labelled, indented)?.prefix).toBe(
      '{\n    "label": "positive",\n    "text":',
    );
    // The spacing after a comma is needed here and was never seen.
    expect(forcedJsonPrefix(labelledSchema, labelled, { open: "", colon: "" })).toBeUndefined();
  });

  it("reads a model's spacing from an answer it decoded in full", () => {
    const twoLabels = {
      type: "object",
      properties: { label: { enum: ["positive", "negative"] }, text: { type: "string" } },
    };
    expect(jsonSpacingOf(labelledSchema, '{\n    "label": "positive",\n    "text": "Good."\n}')).toEqual(
      indented,
    );
    expect(jsonSpacingOf(labelledSchema, '{"label":"positive","text":"Good."}')).toEqual({
      open: "",
      colon: "",
      comma: "",
    });
    // The first value free: the spacing after its comma is left unknown rather than guessed past a string.
    expect(jsonSpacingOf(twoLabels, '{ "label": "negative", "text": "x"}')).toEqual({
      open: " ",
      colon: " ",
    });
    expect(jsonSpacingOf(labelledSchema, "[1, 2]")).toBeUndefined();
    expect(jsonSpacingOf(labelledSchema, '{  "label": "positive"}')).toBeUndefined();
  });

  it("writes const values and non-Latin names as JSON does", () => {
    const grammar = labelled.replace('"\\"label\\""', '"\\"标签\\""').replace('"\\"text\\""', '"\\"文本\\""');
    const schema = { type: "object", properties: { 标签: { const: "正面" }, 文本: { type: "string" } } };
    expect(forcedJsonPrefix(schema, grammar, compact)?.prefix).toBe('{"标签": "正面", "文本":');
  });

  it("prefills the key of a value the model chooses, and nothing where every value is forced or the grammar is laid out otherwise", () => {
    const twoLabels = {
      ...labelledSchema,
      properties: { ...labelledSchema.properties, label: { type: "string", enum: ["positive", "negative"] } },
    };
    expect(forcedJsonPrefix(twoLabels, labelled, compact)?.prefix).toBe('{"label":');
    expect(forcedJsonPrefix(twoLabels, labelled, compact)?.grammar.split("\n")[0]).toBe(
      'root ::= [ ]? val0 comma-whitespace-b-1-4-rule "\\"text\\"" ":" [ ]? string-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*',
    );
    const allForced = { type: "object", properties: { label: { const: "positive" } } };
    expect(forcedJsonPrefix(allForced, labelled, compact)).toBeUndefined();
    expect(
      forcedJsonPrefix({ type: "array", items: { type: "string" } }, instruction, compact),
    ).toBeUndefined();
    // A grammar whose root does not name the property (another generator, another version).
    expect(forcedJsonPrefix(labelledSchema, instruction, compact)).toBeUndefined();
    expect(forcedJsonPrefix(labelledSchema, labelled.replace(/^root ::= .*$/m, ""), compact)).toBeUndefined();
  });
});
