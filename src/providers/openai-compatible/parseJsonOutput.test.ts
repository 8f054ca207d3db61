import { describe, expect, it } from "vitest";
import { parseJsonOutput } from "./parseJsonOutput.js";

describe("parseJsonOutput", () => {
  it("parses plain JSON", () => {
    expect(parseJsonOutput(' {"a": 1} ')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("removes a code fence around the whole answer", () => {
    expect(parseJsonOutput('```json\n{"a": 1}\n```')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("says why an answer is not JSON", () => {
    const result = parseJsonOutput('{"a": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/not valid JSON/);
    expect(parseJsonOutput("")).toEqual({ ok: false, problem: "the answer was empty" });
  });
});
