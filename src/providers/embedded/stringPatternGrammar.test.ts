import { describe, expect, it } from "vitest";
import { chineseOpening, latinBesideChinese } from "../../core/text/scriptPatterns.js";
import { applyStringPatterns, patternStringRule, splitStringPatterns } from "./stringPatternGrammar.js";

// node-llama-cpp 3.22's grammar for {text: string, translation: string} (createGrammarForJsonSchema).
const grammar = [
  'root ::= "{" whitespace-b-1-4-rule "\\"text\\"" ":" [ ]? string-rule comma-whitespace-b-1-4-rule "\\"translation\\"" ":" [ ]? string-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*',
  'string-char-rule ::= [^"\\\\\\x7F\\x00-\\x1F] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4}',
  'string-rule ::= "\\"" string-char-rule* "\\""',
].join("\n");

describe("splitStringPatterns", () => {
  it("takes the pattern off each top-level string property and leaves the rest of the schema as it was", () => {
    const schema = {
      type: "object",
      properties: { text: { type: "string", pattern: "^[a]" }, n: { type: "integer" } },
      required: ["text"],
    };
    const { schema: plain, patterns } = splitStringPatterns(schema);
    expect(patterns).toEqual({ text: "^[a]" });
    expect(plain).toEqual({
      type: "object",
      properties: { text: { type: "string" }, n: { type: "integer" } },
      required: ["text"],
    });
    expect(schema.properties.text.pattern).toBe("^[a]");
    expect(splitStringPatterns({ type: "string" })).toEqual({ schema: { type: "string" }, patterns: {} });
  });
});

describe("patternStringRule", () => {
  it("writes an opening class as the string's first character, escaped as code points", () => {
    expect(patternStringRule("^[\\u4e00-\\u9fff0-9《]")).toBe(
      '"\\"" [\\u4E00-\\u9FFF\\x30-\\x39\\u300A] ([^"\\\\\\x7F\\x00-\\x1F] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4})* "\\""',
    );
  });

  it("writes a negated class into every character of the string", () => {
    expect(patternStringRule("^[^\\u4e00-\\u9fff]*$")).toBe(
      '"\\"" ([^"\\\\\\x7F\\x00-\\x1F\\u4E00-\\u9FFF] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4})* "\\""',
    );
  });

  it("writes a negated opening class as the first character, then a negated class into the rest", () => {
    expect(patternStringRule("^[^\\u0020a][^\\u4e00-\\u9fff]*$")).toBe(
      '"\\"" [^"\\\\\\x7F\\x00-\\x1F\\x20\\x61] ([^"\\\\\\x7F\\x00-\\x1F\\u4E00-\\u9FFF] | "\\\\" ["\\\\/bfnrt] | "\\\\u" [0-9a-fA-F]{4})* "\\""',
    );
  });

  it("holds the script patterns the generator asks for", () => {
    expect(patternStringRule(chineseOpening)).toBeDefined();
    expect(patternStringRule(latinBesideChinese)).toBeDefined();
  });

  it("leaves every other pattern to the checks after decoding", () => {
    for (const pattern of [
      "^[a-z]+$", // more than an opening
      "[a-z]", // not anchored
      "^\\d{4}-\\d{2}$",
      '^["a]', // an opening quote would need an escape
      "^[\\\\a]",
      "^[\\x00-\\x7f]",
      "^[\\p{L}]", // a property class GBNF has no form for
      "^[]",
      "^[z-a]",
    ]) {
      expect(patternStringRule(pattern), pattern).toBeUndefined();
    }
  });
});

describe("applyStringPatterns", () => {
  it("replaces the string rule after each patterned key in the root, and adds the pattern's rule", () => {
    const { grammar: patterned, applied } = applyStringPatterns(grammar, {
      text: chineseOpening,
      translation: latinBesideChinese,
    });
    expect(applied).toEqual(["text", "translation"]);
    const lines = patterned.split("\n");
    expect(lines[0]).toBe(
      'root ::= "{" whitespace-b-1-4-rule "\\"text\\"" ":" [ ]? pattern-string-0-rule comma-whitespace-b-1-4-rule "\\"translation\\"" ":" [ ]? pattern-string-1-rule whitespace-b-0-4-rule "}" "\\n\\n\\n\\n" [\\n]*',
    );
    expect(lines.slice(1, 3)).toEqual(grammar.split("\n").slice(1));
    expect(lines[3]).toBe(`pattern-string-0-rule ::= ${patternStringRule(chineseOpening)}`);
    expect(lines[4]).toBe(`pattern-string-1-rule ::= ${patternStringRule(latinBesideChinese)}`);
  });

  it("leaves the grammar as it was for a pattern it cannot hold or a key it does not find", () => {
    expect(applyStringPatterns(grammar, { text: "^[a-z]+$" })).toEqual({ grammar, applied: [] });
    expect(applyStringPatterns(grammar, { title: chineseOpening })).toEqual({ grammar, applied: [] });
    expect(applyStringPatterns("string-rule ::= x", { text: chineseOpening }).applied).toEqual([]);
  });
});
