import { describe, expect, it } from "vitest";
import { gatesSchema } from "../../core/recipe/qualitySchema.js";
import type { QualityReport } from "../QualityReport.js";
import { evaluateGates } from "./evaluateGates.js";

const figures = (distinct2: number) => ({ distinct1: 0.5, distinct2, distinct3: 0.9, selfBleu: 0.1 });
const measured = (variety: QualityReport["variety"]) =>
  ({
    metrics: { diversity: { entropy: 5 } },
    schemaValidity: { value: 1 },
    duplicateRate: 0,
    variety,
  }) as unknown as QualityReport;
const comparison = (ours: number, theirs: number) => ({
  texts: 100,
  draws: 5,
  dataset: figures(ours),
  reference: figures(theirs),
  ratio: { distinct2: ours / theirs, distinct3: 1, selfBleu: 1 },
});
const gate = (report: QualityReport, threshold?: number) =>
  evaluateGates(report, gatesSchema.parse(threshold === undefined ? {} : { distinct2Ratio: threshold })).find(
    (result) => result.gate === "distinct2Ratio",
  );

describe("the distinct2Ratio gate", () => {
  it("is off unless the recipe sets it", () => {
    expect(gate(measured(comparison(0.5, 0.9)))).toBeUndefined();
  });

  it("compares distinct-2 with the reference's at the same count", () => {
    expect(gate(measured(comparison(0.63, 0.9)), 0.9)).toMatchObject({ status: "fail", value: 0.7 });
    const passing = gate(measured(comparison(0.85, 0.9)), 0.9)!;
    expect(passing.status).toBe("pass");
    expect(passing.note).toBe("distinct-2 0.850 vs 0.900 over 100 texts each");
  });

  it("is not measured without a reference corpus", () => {
    expect(gate(measured(undefined), 0.9)).toMatchObject({
      status: "not measured",
      note: "needs a reference corpus",
    });
  });
});
