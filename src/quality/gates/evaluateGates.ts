import type { GateSettings } from "../../core/recipe/qualitySchema.js";
import type { QualityReport } from "../QualityReport.js";
import { largeEncoderBertScoreThreshold } from "./bertScoreThresholds.js";
import type { GateResult } from "./GateResult.js";

type Measured = Pick<
  QualityReport,
  | "metrics"
  | "domainTermRatio"
  | "schemaValidity"
  | "duplicateRate"
  | "adversarial"
  | "spotCheck"
  | "majorityAgreement"
  | "judge"
  | "bertScore"
  | "variety"
>;

interface GateDefinition {
  gate: keyof GateSettings;
  metric: string;
  comparison: ">=" | "<=";
  measure(report: Measured): number | undefined;
  missing: string;
  /** Threshold when the recipe leaves the gate unset (a gate added after recipes were hashed). */
  defaultThreshold?: number | ((report: Measured) => number);
  /** When false the gate is left out of the table (a check the recipe did not ask for). */
  applies?(report: Measured): boolean;
  /** A further condition of passing (BERTScore's margin over shuffled pairs). */
  alsoPasses?(report: Measured): boolean;
  /** Said beside a measured value (the margin, with its minimum). */
  describe?(report: Measured): string;
}

const definitions: GateDefinition[] = [
  {
    gate: "entropy",
    metric: "Shannon entropy (bits)",
    comparison: ">=",
    measure: (r) => r.metrics.diversity.entropy,
    missing: "no accepted records",
  },
  {
    gate: "domainTermRatio",
    metric: "domain-term ratio",
    comparison: ">=",
    measure: (r) => r.domainTermRatio?.value,
    missing: "needs a lexicon or a reference corpus",
  },
  {
    gate: "schemaValidity",
    metric: "schema validity",
    comparison: ">=",
    measure: (r) => r.schemaValidity.value,
    missing: "no records",
  },
  {
    gate: "duplicateRate",
    metric: "duplicate rate",
    comparison: "<=",
    measure: (r) => r.duplicateRate,
    missing: "no records",
  },
  {
    gate: "adversarialAuc",
    metric: "adversarial ROC AUC",
    comparison: "<=",
    measure: (r) => r.adversarial?.auc,
    missing: "needs a reference corpus",
  },
  {
    gate: "spotCheckErrorRate",
    metric: "spot-check error rate",
    comparison: "<=",
    measure: (r) => (r.spotCheck && r.spotCheck.reviewed > 0 ? r.spotCheck.errorRate.value : undefined),
    missing: "no reviews imported yet",
  },
  {
    gate: "labelConfirmed",
    metric: "labels confirmed by the judge",
    comparison: ">=",
    measure: (r) => r.judge?.confirmedShare,
    missing: "the judge is off",
  },
  {
    gate: "rubricMean",
    metric: "mean rubric score",
    comparison: ">=",
    measure: (r) => r.judge?.rubric?.mean,
    missing: "the rubric is off",
  },
  {
    gate: "majorityAgreement",
    metric: "majority-vote agreement",
    comparison: ">=",
    measure: (r) => r.majorityAgreement?.value,
    missing: "no majority-vote records",
  },
  {
    gate: "distinct2Ratio",
    metric: "distinct-2 / the reference's at the same count",
    comparison: ">=",
    measure: (r) => r.variety?.ratio.distinct2,
    missing: "needs a reference corpus",
    describe: (r) =>
      `distinct-2 ${r.variety!.dataset.distinct2.toFixed(3)} vs ${r.variety!.reference.distinct2.toFixed(3)} over ${r.variety!.texts} texts each`,
  },
  {
    gate: "bertScore",
    metric: "BERTScore F1 of the field pairs",
    comparison: ">=",
    measure: (r) => r.bertScore?.meanF1,
    missing: "no field pairs to score",
    // The encoder's calibrated threshold (all-MiniLM-L6-v2 0.5, the Qwen teacher 0.72), else 0.85.
    defaultThreshold: (r) => r.bertScore?.encoderThreshold ?? largeEncoderBertScoreThreshold,
    applies: (r) => r.bertScore !== undefined,
    alsoPasses: (r) => r.bertScore?.margin !== undefined && r.bertScore.margin >= r.bertScore.minMargin,
    describe: (r) => {
      const b = r.bertScore!;
      return b.margin === undefined
        ? "no shuffled baseline (fewer than 2 pairs)"
        : `shuffled pairs ${b.shuffledMeanF1!.toFixed(4)}, margin ${b.margin.toFixed(4)}, needs >= ${b.minMargin}`;
    },
  },
];

/**
 * Compares each enabled gate (threshold not null) with its metric. A metric that could not be
 * measured (no reference corpus, no reviews yet) is "not measured", which does not fail the run.
 */
export function evaluateGates(report: Measured, gates: GateSettings): GateResult[] {
  return definitions.flatMap((definition) => {
    const unset = definition.defaultThreshold;
    const threshold =
      gates[definition.gate] !== undefined
        ? gates[definition.gate]
        : typeof unset === "function"
          ? unset(report)
          : unset;
    if (threshold === null || threshold === undefined) return [];
    if (definition.applies && !definition.applies(report)) return [];
    const value = definition.measure(report);
    const passes =
      value !== undefined &&
      definition.alsoPasses?.(report) !== false &&
      (definition.comparison === ">=" ? value >= threshold : value <= threshold);
    return [
      {
        gate: definition.gate,
        metric: definition.metric,
        value,
        threshold,
        comparison: definition.comparison,
        status: value === undefined ? "not measured" : passes ? "pass" : "fail",
        note: value === undefined ? definition.missing : definition.describe?.(report),
      },
    ];
  });
}
