import { describe, expect, it } from "vitest";
import { compileRecordSchema } from "../core/recordSchema.js";
import { judgeOutput } from "./judgeOutput.js";

const validate = compileRecordSchema({
  type: "object",
  properties: {
    text: { type: "string", minLength: 3 },
    label: { type: "string", enum: ["positive", "negative"] },
  },
  required: ["text", "label"],
});
const options = { validate, cell: { label: "positive", domain: "food" }, labelField: "label" };

describe("judgeOutput", () => {
  it("accepts a valid record with the slot's label", () => {
    const verdict = judgeOutput(undefined, '{"text": "Tasty.", "label": "positive"}', options);
    expect(verdict).toEqual({
      status: "accepted",
      data: { text: "Tasty.", label: "positive" },
      decisions: [
        { check: "schema", decision: "pass" },
        { check: "label", decision: "pass" },
      ],
    });
  });

  it("rejects text that is not JSON, or not an object, as a parse failure", () => {
    expect(judgeOutput(undefined, "Sure! Here is a review", options)).toMatchObject({
      status: "rejected",
      reason: "parse",
      decisions: [{ reason: "output is not JSON: Sure! Here is a review" }],
    });
    expect(judgeOutput([1], "[1]", options)).toMatchObject({ reason: "parse", data: undefined });
  });

  it("rejects an answer cut off before its JSON closes as truncated, however the model stopped", () => {
    const cut = '{"label": "positive", "text": "服务很好。”} 这样的评论';
    expect(judgeOutput(undefined, cut, options)).toMatchObject({ status: "rejected", reason: "truncated" });
    expect(judgeOutput(undefined, '{"label": "positive", "text": "Tasty."', options)).toMatchObject({
      reason: "truncated",
    });
    expect(
      judgeOutput(undefined, '{"label": "positive", "text": "Tasty', {
        ...options,
        stoppedAtTokenLimit: true,
      }),
    ).toMatchObject({ reason: "truncated" });
    // Complete JSON with junk after it is malformed, not cut off.
    expect(judgeOutput(undefined, '{"text": "Tasty.", "label": "positive"} junk', options)).toMatchObject({
      reason: "parse",
    });
  });

  it("rejects a text longer than its maxLength as too-long", () => {
    expect(
      judgeOutput(undefined, '{"text": "Tasty and cheap.", "label": "positive"}', {
        ...options,
        lengthLimits: { text: 10 },
      }),
    ).toMatchObject({ status: "rejected", reason: "too-long" });
  });

  it("rejects a text shorter than its minLength as too-short, counting characters, not UTF-16 units", () => {
    const verdict = judgeOutput({ text: "如何修理家中的空调", label: "positive" }, "", {
      ...options,
      minimumLengths: { text: 10 },
    });
    expect(verdict).toMatchObject({ status: "rejected", reason: "too-short" });
    expect(verdict.decisions[0]!.reason).toMatch(/`text` has 9 characters, fewer than its minLength of 10/);
    expect(
      judgeOutput({ text: "𠮷𠮷𠮷", label: "positive" }, "", { ...options, minimumLengths: { text: 4 } })
        .reason,
    ).toBe("too-short");
    expect(
      judgeOutput({ text: "如何修理家中的空调？", label: "positive" }, "", {
        ...options,
        minimumLengths: { text: 10 },
      }).status,
    ).toBe("accepted");
  });

  it("rejects a record that breaks the schema and says which field", () => {
    const verdict = judgeOutput({ text: "ok", label: "positive" }, "", options);
    expect(verdict.reason).toBe("schema");
    expect(verdict.decisions[0]!.reason).toMatch(/field text must NOT have fewer than 3 characters/);
    expect(verdict.data).toEqual({ text: "ok", label: "positive" });
  });

  it("rejects a record whose label contradicts the slot", () => {
    const verdict = judgeOutput({ text: "Awful.", label: "negative" }, "", options);
    expect(verdict.status).toBe("rejected");
    expect(verdict.reason).toBe("label-mismatch");
    expect(verdict.decisions.at(-1)).toEqual({
      check: "label",
      decision: "reject",
      reason: 'label "negative" but the slot asked for "positive"',
    });
  });

  it("does not check labels when the plan has no dimension of that name", () => {
    const verdict = judgeOutput({ text: "Awful.", label: "negative" }, "", {
      ...options,
      cell: { domain: "food" },
    });
    expect(verdict.status).toBe("accepted");
  });
});
