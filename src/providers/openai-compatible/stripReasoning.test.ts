import { describe, expect, it } from "vitest";
import { stripReasoning } from "./stripReasoning.js";

describe("stripReasoning", () => {
  it("leaves an answer without reasoning alone", () => {
    expect(stripReasoning('{"label": "positive"}')).toBe('{"label": "positive"}');
  });

  it("removes a complete think block", () => {
    expect(stripReasoning('<think>The user wants a label.\n{"x": 1}?</think>\n{"label": "a"}')).toBe(
      '{"label": "a"}',
    );
  });

  it("removes several blocks and other spellings", () => {
    expect(stripReasoning("<thinking>a</thinking>x<reasoning>b</reasoning>y")).toBe("xy");
  });

  it("removes reasoning whose opening tag was in the prompt", () => {
    expect(stripReasoning('Let me think... </think>\n\n{"label": "b"}')).toBe('{"label": "b"}');
  });

  it("removes a block cut off before its closing tag", () => {
    expect(stripReasoning('{"a": 1}<think>and then')).toBe('{"a": 1}');
    expect(stripReasoning("<think>never finished")).toBe("");
  });

  it("keeps angle brackets that are not reasoning tags", () => {
    expect(stripReasoning('{"text": "1 < 2 and <b>bold</b>"}')).toBe('{"text": "1 < 2 and <b>bold</b>"}');
  });
});
