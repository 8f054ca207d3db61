import { describe, expect, it } from "vitest";
import { storedRecord } from "../../test/fixtures/quality/storedRecord.js";
import { recipeSchema } from "../core/recipe/recipeSchema.js";
import type { GeneratedRecord, QualityDecision } from "../core/record.js";
import { recordExamples } from "./recordExamples.js";

const recipe = recipeSchema.parse({
  name: "examples",
  output: {
    schema: { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
    labelField: "label",
  },
  dimensions: { label: ["positive", "negative"] },
  plan: { count: 4 },
  template: { prompt: "Write a {{ label }} review." },
});

function record(
  slotIndex: number,
  label: string,
  extra: Partial<GeneratedRecord>,
  votes?: string[],
): GeneratedRecord {
  const base = storedRecord({
    runId: "run",
    round: 1,
    slotIndex,
    data: { text: `text ${slotIndex}`, label },
    cell: { label },
  });
  const decisions: QualityDecision[] = votes
    ? [
        {
          check: "label-vote",
          decision: votes.filter((vote) => vote === label).length >= 2 ? "pass" : "reject",
          details: {
            votes,
            agreeing: votes.filter((vote) => vote === label).length,
            required: 2,
            expected: label,
          },
        },
      ]
    : [];
  return { ...base, ...extra, decisions: [...decisions, ...(extra.decisions ?? [])] };
}

describe("recordExamples", () => {
  it("groups accepted records by condition and rejected ones by reason code, least sure first", () => {
    const repeated: QualityDecision = { check: "leak", decision: "pass" };
    const records = [
      record(0, "positive", { decisions: [repeated, repeated] }, ["positive", "positive", "positive"]),
      record(1, "positive", {}, ["positive", "negative", "positive"]),
      record(2, "negative", { status: "rejected", reason: "leak" }),
      record(3, "negative", { status: "rejected", reason: "label-vote" }, [
        "positive",
        "positive",
        "negative",
      ]),
      record(4, "negative", { status: "rejected", reason: "leak" }),
      record(5, "negative", { status: "rejected", reason: "surplus" }),
    ];
    const examples = recordExamples(records, recipe);
    expect(examples.acceptedByCondition).toEqual([
      expect.objectContaining({ condition: "label positive", accepted: 2 }),
    ]);
    expect(examples.rejectedByReason.map((group) => [group.reason, group.count])).toEqual([
      ["leak", 2],
      ["label-vote", 1],
    ]);
    expect(examples.lowestScoring.map((example) => example.text)).toEqual(["text 1", "text 0"]);
    // A decision stored twice (generation and the quality stage) is shown once.
    expect(
      examples.acceptedByCondition[0]!.examples[0]!.decisions.filter((d) => d.check === "leak"),
    ).toHaveLength(1);
  });
});
