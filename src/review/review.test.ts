import { describe, expect, it } from "vitest";
import { InputFileError } from "../core/errors/InputFileError.js";
import { drawSpotCheckSample } from "./drawSpotCheckSample.js";
import { formatSpotCheckSample } from "./formatSpotCheckSample.js";
import { parseReviewFile } from "./parseReviewFile.js";

const candidates = Array.from({ length: 1000 }, (_, index) => ({
  id: `r-${index}`,
  stratum: { label: index % 4 === 0 ? "negative" : "positive", domain: index % 2 === 0 ? "food" : "hotel" },
}));
const settings = { share: 0.05, minimum: 30, seed: 7 };

describe("drawSpotCheckSample", () => {
  it("samples 5% (at least 30), stratified, and the same ids for the same seed in any order", () => {
    const sample = drawSpotCheckSample(candidates, settings);
    expect(sample).toHaveLength(50);
    expect(new Set(sample).size).toBe(50);
    const negatives = sample.filter((id) => Number(id.slice(2)) % 4 === 0).length;
    expect(negatives).toBe(13); // 250 of 1000 → 12.5, largest remainder
    expect(drawSpotCheckSample([...candidates].reverse(), settings)).toEqual(sample);
    expect(drawSpotCheckSample(candidates, { ...settings, seed: 8 })).not.toEqual(sample);
    expect(drawSpotCheckSample(candidates.slice(0, 100), settings)).toHaveLength(30);
  });
});

describe("parseReviewFile", () => {
  const known = new Set(["a", "b", "c"]);
  it("reads JSONL and CSV verdicts and skips lines not reviewed yet", () => {
    const jsonl = [
      '{"id":"a","verdict":"correct"}',
      '{"id":"b","verdict":"wrong","reason":"label is wrong"}',
      '{"id":"c","verdict":""}',
    ].join("\n");
    const parsed = parseReviewFile("r.jsonl", jsonl, known, "2026-01-01T00:00:00Z");
    expect(parsed.unreviewed).toBe(1);
    expect(parsed.reviews.map((review) => [review.recordId, review.verdict, review.reason])).toEqual([
      ["a", "correct", undefined],
      ["b", "wrong", "label is wrong"],
    ]);
    const csv = formatSpotCheckSample(
      [{ id: "a", text: "hi, there", label: "pos", cell: {} }],
      "csv",
    ).replace(/,,\n$/, ",wrong,too short\n");
    expect(parseReviewFile("r.csv", csv, known, "t").reviews[0]).toMatchObject({
      recordId: "a",
      verdict: "wrong",
      reason: "too short",
    });
  });

  it("rejects the whole file with one sentence naming the file and line", () => {
    const bad = ['{"id":"a","verdict":"correct"}', '{"id":"b","verdict":"ok"}'].join("\n");
    expect(() => parseReviewFile("r.jsonl", bad, known, "t")).toThrow(InputFileError);
    expect(() => parseReviewFile("r.jsonl", bad, known, "t")).toThrow(
      'r.jsonl:2: field `verdict` must be "correct" or "wrong"',
    );
    expect(() => parseReviewFile("r.jsonl", '{"id":"b","verdict":"wrong"}', known, "t")).toThrow(
      /r\.jsonl:1: field `reason`: a record marked wrong needs a reason/,
    );
    expect(() => parseReviewFile("r.jsonl", '{"id":"zz","verdict":"correct"}', known, "t")).toThrow(
      /not a record of this run/,
    );
    expect(() => parseReviewFile("r.jsonl", "{oops", known, "t")).toThrow(/r\.jsonl:1: is not valid JSON/);
  });

  it("refuses a verdict for a record the caller turns away, but not a line left unreviewed", () => {
    const refuse = (id: string) => (id === "c" ? "was never drawn for review" : undefined);
    const file = ['{"id":"a","verdict":"correct"}', '{"id":"c","verdict":"correct"}'].join("\n");
    expect(() => parseReviewFile("r.jsonl", file, known, "t", { refuse })).toThrow(
      'r.jsonl:2: record id "c" was never drawn for review',
    );
    const unfilled = ['{"id":"a","verdict":"correct"}', '{"id":"c","verdict":""}'].join("\n");
    expect(parseReviewFile("r.jsonl", unfilled, known, "t", { refuse }).reviews).toHaveLength(1);
  });
});
