import { describe, expect, it } from "vitest";
import { findEntityField } from "../../core/entities/entityField.js";
import { findMentions } from "../../core/entities/entitySpans.js";
import { checkEntities } from "./checkEntities.js";

const info = {
  textField: "text",
  entitiesField: "entities",
  types: ["PER", "ORG", "LOC", "MISC"],
  typeDescription: undefined,
};
const check = (text: string, entities: { text: string; type: string }[]) =>
  checkEntities({ text, entities }, info);

describe("findEntityField", () => {
  it("finds the entity list and its enum of types, and nothing in a schema without one", () => {
    const schema = {
      type: "object",
      properties: {
        text: { type: "string" },
        entities: {
          type: "array",
          items: {
            type: "object",
            properties: {
              text: { type: "string" },
              type: { type: "string", enum: ["PER", "LOC"], description: "PER person" },
            },
          },
        },
      },
    };
    expect(findEntityField(schema, "text")).toEqual({
      textField: "text",
      entitiesField: "entities",
      types: ["PER", "LOC"],
      typeDescription: "PER person",
      wordEdges: true,
    });
    expect(findEntityField(schema, "text", "zh-Hans")?.wordEdges).toBe(false);
    expect(
      findEntityField(
        { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
        "text",
      ),
    ).toBeUndefined();
  });
});

describe("findMentions", () => {
  it("takes whole words in English and any position in Chinese", () => {
    expect(findMentions("Parisian cafés in Paris", "Paris")).toEqual([{ start: 18, end: 23 }]);
    expect(findMentions("He flew to the US.", "US")).toEqual([{ start: 15, end: 17 }]);
    expect(findMentions("我住在北京市朝阳区", "北京")).toEqual([{ start: 3, end: 5 }]);
    // Chinese text has no word edges, not even around Latin letters.
    expect(findMentions("查出hpv18感染", "hpv", false)).toEqual([{ start: 2, end: 5 }]);
    expect(findMentions("查出hpv18感染", "hpv")).toEqual([]);
    expect(findMentions("U.S. and U.S.", "U.S.")).toEqual([
      { start: 0, end: 4 },
      { start: 9, end: 13 },
    ]);
  });
});

describe("checkEntities", () => {
  it("stores every mention with its offsets, in text order", () => {
    const text = "Angela Merkel met Siemens in Berlin; Merkel left Berlin.";
    const outcome = check(text, [
      { text: "Angela Merkel", type: "PER" },
      { text: "Siemens", type: "ORG" },
      { text: "Berlin", type: "LOC" },
      { text: "Berlin", type: "LOC" },
      { text: " Merkel ", type: "PER" },
    ]);
    expect(outcome.rejectReason).toBeUndefined();
    expect(outcome.spans.map((span) => [span.text, span.type, span.start, span.end])).toEqual([
      ["Angela Merkel", "PER", 0, 13],
      ["Siemens", "ORG", 18, 25],
      ["Berlin", "LOC", 29, 35],
      ["Merkel", "PER", 37, 43],
      ["Berlin", "LOC", 49, 55],
    ]);
    for (const span of outcome.spans) expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(outcome.decisions).toEqual([
      { check: "entity-spans", decision: "pass", details: { spans: outcome.spans } },
    ]);
  });

  it("rejects a paraphrased or invented span as span-not-in-text, saying why", () => {
    const paraphrased = check("The United Nations met in Geneva.", [{ text: "UN", type: "ORG" }]);
    expect(paraphrased.rejectReason).toBe("span-not-in-text");
    expect(paraphrased.decisions[0]!.reason).toContain("does not occur in the text");
    expect(check("A Parisian café.", [{ text: "Paris", type: "LOC" }]).decisions[0]!.reason).toContain(
      "inside a longer word",
    );
    expect(check("the apple store", [{ text: "Apple", type: "ORG" }]).decisions[0]!.reason).toContain(
      "other letter case",
    );
    expect(check("患者头痛三天。", [{ text: "偏头痛", type: "MISC" }]).rejectReason).toBe("span-not-in-text");
  });

  it("rejects a type outside the schema's enum", () => {
    const outcome = check("Obama spoke.", [{ text: "Obama", type: "PERSON" }]);
    expect(outcome.rejectReason).toBe("entity-type-unknown");
    expect(outcome.decisions[0]!.reason).toContain("not one of PER, ORG, LOC, MISC");
  });

  it("rejects one text listed under two types, and crossing spans", () => {
    expect(
      check("Jordan visited Jordan.", [
        { text: "Jordan", type: "PER" },
        { text: "Jordan", type: "LOC" },
      ]).rejectReason,
    ).toBe("entity-overlap");
    expect(
      check("New York Times Square", [
        { text: "New York Times", type: "ORG" },
        { text: "Times Square", type: "LOC" },
      ]).rejectReason,
    ).toBe("entity-overlap");
  });

  it("treats a mention inside a longer entity of the same type as part of it, and of another type as an overlap", () => {
    const same = check("New York City is big; New York is old.", [
      { text: "New York City", type: "LOC" },
      { text: "New York", type: "LOC" },
    ]);
    expect(same.spans.map((span) => [span.text, span.start])).toEqual([
      ["New York City", 0],
      ["New York", 22],
    ]);
    const onlyInside = check("New York City is big.", [
      { text: "New York City", type: "LOC" },
      { text: "New York", type: "LOC" },
    ]);
    expect(onlyInside.rejectReason).toBeUndefined();
    expect(onlyInside.spans).toHaveLength(1);
    const otherType = check("The Washington Post wrote.", [
      { text: "Washington Post", type: "ORG" },
      { text: "Washington", type: "PER" },
    ]);
    expect(otherType.rejectReason).toBe("entity-overlap");
    expect(otherType.decisions[0]!.reason).toContain("occurs only inside");
    const standalone = check("The Washington Post quoted Washington.", [
      { text: "Washington Post", type: "ORG" },
      { text: "Washington", type: "PER" },
    ]);
    expect(standalone.spans.map((span) => [span.text, span.type, span.start])).toEqual([
      ["Washington Post", "ORG", 4],
      ["Washington", "PER", 27],
    ]);
  });

  it("handles Chinese spans by character offsets", () => {
    const text = "我在北京协和医院做了胃镜，医生说是胃炎。";
    const outcome = checkEntities(
      {
        text,
        entities: [
          { text: "北京协和医院", type: "department" },
          { text: "胃镜", type: "test" },
          { text: "胃炎", type: "disease" },
        ],
      },
      { ...info, types: ["department", "test", "disease"] },
    );
    expect(outcome.spans.map((span) => [span.text, span.start, span.end])).toEqual([
      ["北京协和医院", 2, 8],
      ["胃镜", 10, 12],
      ["胃炎", 17, 19],
    ]);
  });

  it("rejects a malformed list and accepts an empty one", () => {
    expect(checkEntities({ text: "x", entities: "none" }, info).rejectReason).toBe("entity-malformed");
    expect(check("x", [{ text: "", type: "PER" }]).rejectReason).toBe("entity-malformed");
    expect(check("Nothing here.", []).rejectReason).toBeUndefined();
  });
});
