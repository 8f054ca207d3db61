import { describe, expect, it } from "vitest";
import { recipeSchema } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord } from "../core/record.js";
import type { ReviewRow } from "../store/Store.js";
import { buildPreferencePairs, formatLlamaFactoryPairs, formatTrlPairs } from "./preferencePairs.js";

const recipe = recipeSchema.parse({
  name: "pairs",
  output: {
    schema: { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
    labelField: "label",
  },
  dimensions: { label: ["positive", "negative"] },
  plan: { count: 10 },
  template: { prompt: "Write a {{ label }} review." },
});

function record(id: string, label: string, text: string, dataLabel = label): GeneratedRecord {
  return {
    id,
    status: "accepted",
    data: { text, label: dataLabel },
    provenance: {
      cell: { label },
      messages: [
        { role: "system", content: "You write reviews." },
        { role: "user", content: `Write a ${label} review.` },
      ],
    } as unknown as GeneratedRecord["provenance"],
    decisions: [],
  };
}

describe("buildPreferencePairs", () => {
  const records = [
    record("fixed", "positive", "Terrible food.", "positive"),
    record("wrong", "negative", "Lovely staff!", "negative"),
    record("ok-neg", "negative", "Cold soup and a rude waiter."),
    record("ok-pos", "positive", "Great pasta."),
    record("lonely", "positive", "Off-topic weather talk."),
  ];
  const reviews: ReviewRow[] = [
    {
      recordId: "fixed",
      verdict: "wrong",
      reason: "wrong label",
      reviewedAt: "t",
      corrected: { text: "Terrible food.", label: "negative" },
    },
    { recordId: "wrong", verdict: "wrong", reason: "wrong label", reviewedAt: "t" },
    { recordId: "ok-neg", verdict: "correct", reviewedAt: "t" },
    { recordId: "lonely", verdict: "wrong", reason: "off topic", reviewedAt: "t" },
  ];

  it("pairs the fix or a confirmed record of the same condition (chosen) with the wrong original (rejected)", () => {
    const { pairs, skipped } = buildPreferencePairs(records, reviews, recipe);
    expect(skipped).toEqual(["lonely"]); // no confirmed positive record
    expect(pairs.map((pair) => [pair.recordId, pair.source])).toEqual([
      ["fixed", "fixed"],
      ["wrong", "confirmed"],
    ]);
    expect(pairs[0]).toMatchObject({
      prompt: [
        { role: "system", content: "You write reviews." },
        { role: "user", content: "Write a positive review." },
      ],
      chosen: [{ role: "assistant", content: '{"text":"Terrible food.","label":"negative"}' }],
      rejected: [{ role: "assistant", content: '{"text":"Terrible food.","label":"positive"}' }],
    });
    expect(pairs[1]!.chosen[0]!.content).toBe('{"text":"Cold soup and a rude waiter.","label":"negative"}');
    const lines = formatTrlPairs(pairs)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(Object.keys(lines[0])).toEqual(["prompt", "chosen", "rejected", "recordId", "reason", "source"]);
    const factory = formatLlamaFactoryPairs(pairs, "p.jsonl", "p");
    expect(JSON.parse(factory.data.split("\n")[0]!)).toEqual({
      messages: pairs[0]!.prompt,
      chosen: pairs[0]!.chosen[0],
      rejected: pairs[0]!.rejected[0],
    });
    expect(JSON.parse(factory.datasetInfo).p).toMatchObject({
      file_name: "p.jsonl",
      formatting: "sharegpt",
      ranking: true,
    });
  });
});
