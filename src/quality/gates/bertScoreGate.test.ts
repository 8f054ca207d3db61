import { describe, expect, it } from "vitest";
import { GateFailedError } from "../../core/errors/GateFailedError.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import type { BertScoreReport, QualityReport } from "../QualityReport.js";
import { assertGates } from "./assertGates.js";
import { bertScoreThreshold } from "./bertScoreThresholds.js";
import { evaluateGates } from "./evaluateGates.js";
import { formatGateTable } from "./formatGateTable.js";

const recipeText = `name: paraphrases
output:
  schema:
    type: object
    properties:
      text: {type: string}
      source: {type: string}
    required: [text, source]
plan:
  count: 10
template:
  prompt: "Paraphrase {{ source }}."
quality:
  bertScore:
    pairs: [[text, source]]
    minMargin: 0.1
  gates:
    bertScore: 0.8
`;

function measured(bertScore: Partial<BertScoreReport> | undefined) {
  const recipe = parseRecipe(recipeText, "recipe.yaml").recipe;
  const report = {
    metrics: { diversity: { entropy: 5 } },
    schemaValidity: { value: 1 },
    duplicateRate: 0,
    bertScore: bertScore && {
      encoder: "all-MiniLM-L6-v2",
      layer: 6,
      idf: false,
      rescaled: false,
      fields: [],
      pairs: 40,
      meanF1: 0.9,
      meanPrecision: 0.9,
      meanRecall: 0.9,
      shuffledMeanF1: 0.5,
      margin: 0.4,
      minMargin: recipe.quality.bertScore!.minMargin,
      lowest: [],
      ...bertScore,
    },
  } as unknown as QualityReport;
  return evaluateGates(report, recipe.quality.gates);
}

function failure(gates: ReturnType<typeof evaluateGates>): string {
  try {
    assertGates(gates);
  } catch (error) {
    if (error instanceof GateFailedError) return error.message;
    throw error;
  }
  throw new Error("expected the gate to fail");
}

describe("the BERTScore gate", () => {
  it("passes when the F1 and its margin over shuffled pairs are both high enough", () => {
    const gate = measured({}).find((result) => result.gate === "bertScore")!;
    expect(gate.status).toBe("pass");
    expect(gate.note).toBe("shuffled pairs 0.5000, margin 0.4000, needs >= 0.1");
  });

  it("fails on a low F1 with a sentence naming the gate, value, threshold and margin", () => {
    const message = failure(measured({ meanF1: 0.7, shuffledMeanF1: 0.55, margin: 0.15 }));
    expect(message).toBe(
      "Quality gate failed: bertScore is 0.7, needs >= 0.8 (shuffled pairs 0.5500, margin 0.1500, needs >= 0.1).",
    );
  });

  it("fails when the F1 is high but shuffled pairs score almost as high", () => {
    const gates = measured({ meanF1: 0.93, shuffledMeanF1: 0.9, margin: 0.03 });
    expect(failure(gates)).toBe(
      "Quality gate failed: bertScore is 0.93, needs >= 0.8 (shuffled pairs 0.9000, margin 0.0300, needs >= 0.1).",
    );
    expect(formatGateTable(gates)).toContain("fail: shuffled pairs 0.9000, margin 0.0300, needs >= 0.1");
  });

  it("uses the large-encoder threshold of 0.85 when the recipe leaves the gate unset", () => {
    const recipe = parseRecipe(
      recipeText.replace("  gates:\n    bertScore: 0.8\n", ""),
      "recipe.yaml",
    ).recipe;
    expect(recipe.quality.gates.bertScore).toBeUndefined();
    const report = { metrics: { diversity: { entropy: 5 } }, schemaValidity: { value: 1 }, duplicateRate: 0 };
    const gates = evaluateGates(
      { ...report, bertScore: { meanF1: 0.86, margin: 0.3, minMargin: 0.1, shuffledMeanF1: 0.56 } } as never,
      recipe.quality.gates,
    );
    expect(gates.find((result) => result.gate === "bertScore")).toMatchObject({
      threshold: 0.85,
      status: "pass",
    });
  });

  it("uses the encoder's calibrated threshold when the recipe leaves the gate unset, and can fail on it", () => {
    const recipe = parseRecipe(
      recipeText.replace("  gates:\n    bertScore: 0.8\n", ""),
      "recipe.yaml",
    ).recipe;
    const report = { metrics: { diversity: { entropy: 5 } }, schemaValidity: { value: 1 }, duplicateRate: 0 };
    const threshold = bertScoreThreshold("all-minilm-l6-v2", 6, "en");
    expect(threshold).toMatchObject({ threshold: 0.5, calibrated: true });
    const gate = (meanF1: number, shuffledMeanF1: number) =>
      evaluateGates(
        {
          ...report,
          bertScore: {
            meanF1,
            shuffledMeanF1,
            margin: meanF1 - shuffledMeanF1,
            minMargin: 0.1,
            encoderThreshold: threshold.threshold,
          },
        } as never,
        recipe.quality.gates,
      ).find((result) => result.gate === "bertScore");
    // Real paraphrases on all-MiniLM-L6-v2 (median F1 0.760) pass; unrelated texts (about 0.22) fail.
    expect(gate(0.74, 0.22)).toMatchObject({ threshold: 0.5, status: "pass" });
    expect(gate(0.31, 0.22)).toMatchObject({ threshold: 0.5, status: "fail" });
    expect(failure([gate(0.31, 0.22)!])).toBe(
      "Quality gate failed: bertScore is 0.31, needs >= 0.5 (shuffled pairs 0.2200, margin 0.0900, needs >= 0.1).",
    );
    // A recipe's own threshold still wins.
    const own = evaluateGates(
      {
        ...report,
        bertScore: { meanF1: 0.74, shuffledMeanF1: 0.2, margin: 0.54, minMargin: 0.1, encoderThreshold: 0.5 },
      } as never,
      parseRecipe(recipeText, "recipe.yaml").recipe.quality.gates,
    ).find((result) => result.gate === "bertScore");
    expect(own).toMatchObject({ threshold: 0.8, status: "fail" });
  });

  it("keeps 0.85 for encoders that are not calibrated and for other layers", () => {
    expect(bertScoreThreshold("roberta-large", undefined, "en")).toMatchObject({
      threshold: 0.85,
      calibrated: false,
    });
    expect(bertScoreThreshold("all-minilm-l6-v2", 3, "en")).toMatchObject({
      threshold: 0.85,
      calibrated: false,
    });
    expect(
      bertScoreThreshold(
        "/cache/models/qwen2.5-coder-0.5b-instruct/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        8,
        "zh-CN",
      ),
    ).toMatchObject({ threshold: 0.72, calibrated: true });
    expect(bertScoreThreshold("qwen2.5-coder-0.5b-instruct", 8, "en")).toMatchObject({ threshold: 0.65 });
    expect(bertScoreThreshold("all-minilm-l6-v2", 6, "de").calibrated).toBe(false);
    expect(bertScoreThreshold("qwen2.5-coder-1.5b-instruct", 8, "zh").calibrated).toBe(false);
  });

  it("is left out when the recipe names no field pairs", () => {
    expect(measured(undefined).some((result) => result.gate === "bertScore")).toBe(false);
  });
});
