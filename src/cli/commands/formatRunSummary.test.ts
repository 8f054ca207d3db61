import { describe, expect, it } from "vitest";
import { formatRunSummary } from "./formatRunSummary.js";

describe("formatRunSummary", () => {
  it("counts rejections by reason code, not once per record a duplicate points at", () => {
    const text = formatRunSummary(
      {
        runId: "sentiment-en-0123456789ab",
        accepted: 100,
        rejected: 8,
        rejectedByReason: {
          leak: 4,
          "duplicate: same text as rec_bd0fef85b3438cdb633e": 1,
          "duplicate: same text as rec_e9d06d35cc6ebd782b6e": 1,
          "near-duplicate of rec_54c7409517a194f865d0 (Jaccard 1.00)": 1,
          "too-long": 1,
        },
        inputTokens: 10,
        outputTokens: 5,
        modelCalls: 108,
        seconds: 255,
        files: [],
      },
      100,
    );
    expect(text).toContain("  rejected  8 (leak 4, duplicate 2, near-duplicate 1, too-long 1)");
    expect(text).toContain("  tokens    10 in, 5 out, 108 model calls (this invocation)");
  });

  it("says how many input tokens the prompt cache held when the model can tell", () => {
    const text = formatRunSummary(
      {
        runId: "r",
        accepted: 1,
        rejected: 0,
        rejectedByReason: {},
        inputTokens: 900,
        cachedInputTokens: 600,
        outputTokens: 50,
        modelCalls: 3,
        seconds: 4,
        files: [],
      },
      1,
    );
    expect(text).toContain(
      "  tokens    900 in (600 of them from the prompt cache, not evaluated again), 50 out",
    );
  });
});
