import { describe, expect, it } from "vitest";
import { decodingSchema, stringLengthLimits } from "./decodingSchema.js";

const schema = {
  type: "object",
  properties: {
    text: { type: "string", minLength: 20, maxLength: 200 },
    label: { type: "string", enum: ["positive", "negative"] },
    spans: { type: "array", items: { type: "string", maxLength: 30 } },
  },
  required: ["text", "label", "spans"],
  additionalProperties: false,
};

describe("decodingSchema", () => {
  it("leaves out string length limits everywhere, so decoding never cuts a string closed", () => {
    const decoded = decodingSchema(schema, undefined) as typeof schema;
    expect(decoded.properties.text).toEqual({ type: "string" });
    expect(decoded.properties.spans.items).toEqual({ type: "string" });
    expect(decoded.properties.label).toEqual(schema.properties.label);
    expect(schema.properties.text.maxLength).toBe(200);
  });

  it("puts the label field first, in properties and in required", () => {
    const decoded = decodingSchema(schema, "label") as typeof schema;
    expect(Object.keys(decoded.properties)).toEqual(["label", "text", "spans"]);
    expect(decoded.required).toEqual(["label", "text", "spans"]);
  });

  it("narrows the label's enum to the slot's label, compared as text", () => {
    const decoded = decodingSchema(schema, "label", "negative") as typeof schema;
    expect(Object.keys(decoded.properties)).toEqual(["label", "text", "spans"]);
    expect(decoded.properties.label).toEqual({ type: "string", enum: ["negative"] });
    const scores = { type: "object", properties: { score: { type: "integer", enum: [1, 2, 3] } } };
    expect((decodingSchema(scores, "score", "2") as typeof scores).properties.score.enum).toEqual([2]);
    // A label the enum does not hold leaves the enum whole (the output check rejects the mismatch).
    expect(decodingSchema(schema, "label", "neutral")).toEqual(decodingSchema(schema, "label"));
  });

  it("reads the maxLength of top-level string fields", () => {
    expect(stringLengthLimits(schema)).toEqual({ text: 200 });
  });
});

describe("decodingSchema with field patterns", () => {
  it("adds each pattern to its top-level string field, never to a label or a field that has one", () => {
    const patterned = {
      ...schema,
      properties: { ...schema.properties, note: { type: "string", pattern: "^[a]" } },
    };
    const decoded = decodingSchema(patterned, "label", "negative", {
      text: "^[b]",
      label: "^[c]",
      note: "^[d]",
      spans: "^[e]",
      missing: "^[f]",
    }) as { properties: Record<string, unknown> };
    expect(decoded.properties.text).toEqual({ type: "string", pattern: "^[b]" });
    expect(decoded.properties.label).toEqual({ type: "string", enum: ["negative"] });
    expect(decoded.properties.note).toEqual({ type: "string", pattern: "^[a]" });
    expect(decoded.properties.spans).toEqual({ type: "array", items: { type: "string" } });
    expect(Object.keys(decoded.properties)).toEqual(["label", "text", "spans", "note"]);
  });
});
