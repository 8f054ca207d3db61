import { describe, expect, it } from "vitest";
import { scanToolCall, type ToolMode, toolCallOf } from "./toolCalling.js";

const schema = { type: "object" };
const forced: ToolMode = { kind: "forced", schema };
const auto: ToolMode = { kind: "auto", schema };

describe("scanToolCall", () => {
  it("holds an answer until the call's name and the start of its arguments are whole", () => {
    expect(scanToolCall('{"name": "get_wea', forced)).toEqual({ kind: "pending" });
    expect(scanToolCall('{"name": "get_weather", "argu', forced)).toEqual({ kind: "pending" });
    // Whitespace after the colon is not the arguments' own: the call waits for their first character.
    expect(scanToolCall('{"name": "get_weather", "arguments": ', forced)).toEqual({ kind: "pending" });
    expect(scanToolCall(' {"name":"get_weather","arguments":{"city', forced)).toEqual({
      kind: "call",
      name: "get_weather",
      argumentsFrom: 35,
    });
  });

  it("ends the arguments at their closing brace, not at a brace or an escaped quote inside a string", () => {
    const answer = '{"name": "f", "arguments": {"a": "}\\"{", "b": [1, {"c": 2}]}}';
    const scan = scanToolCall(answer, forced);
    expect(scan).toMatchObject({ kind: "call", name: "f" });
    if (scan.kind !== "call") throw new Error("not a call");
    expect(answer.slice(scan.argumentsFrom, scan.argumentsTo)).toBe('{"a": "}\\"{", "b": [1, {"c": 2}]}');
  });

  it("with tool_choice auto, is text once the answer cannot start with the trigger", () => {
    expect(scanToolCall("  <tool_", auto)).toEqual({ kind: "pending" });
    expect(scanToolCall("<b>Hello", auto)).toEqual({ kind: "text" });
    expect(scanToolCall('<tool_call>{"name": "lookup", "arguments": {}', auto)).toMatchObject({
      kind: "call",
      name: "lookup",
      argumentsTo: 45,
    });
    expect(scanToolCall("anything", { kind: "none" })).toEqual({ kind: "text" });
  });
});

describe("toolCallOf", () => {
  it("is whole only when the arguments parse and nothing but the call's closing follows", () => {
    expect(
      toolCallOf('<tool_call>{"name": "f", "arguments": {"x": 1}}</tool_call>\n', auto, "call_1"),
    ).toEqual({
      call: { id: "call_1", type: "function", function: { name: "f", arguments: '{"x": 1}' } },
      whole: true,
    });
    expect(toolCallOf('{"name": "f", "arguments": {"x": 1}', forced, "c")?.whole).toBe(false);
    expect(toolCallOf('{"name": "f", "arguments": {"x": 1', forced, "c")).toMatchObject({
      call: { function: { arguments: '{"x": 1' } },
      whole: false,
    });
    expect(toolCallOf('{"name": "f", "arguments": {"x": 1}} and more', forced, "c")?.whole).toBe(false);
    expect(toolCallOf("Hello", auto, "c")).toBeUndefined();
  });
});
