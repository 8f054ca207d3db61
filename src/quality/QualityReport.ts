import type { FeatureWeight } from "./adversarial/adversarialValidation.js";
import type { FilterOutcome } from "./filters/FilterOutcome.js";
import type { GateResult } from "./gates/GateResult.js";
import type { DatasetMetrics } from "./metrics/datasetMetrics.js";
import type { DomainTermRatioResult } from "./metrics/domainTermRatio.js";
import type { JudgeStatistics } from "./metrics/judgeStatistics.js";
import type { MajorityAgreementResult } from "./metrics/majorityAgreement.js";
import type { SpotCheckStatistics } from "./metrics/spotCheckStatistics.js";
import type { RecordExamples } from "./recordExamples.js";

/** One point of the trend across rounds. */
export interface RoundTrendPoint {
  round: number;
  accepted: number;
  entropy: number;
  distinct2: number;
  duplicateRate: number;
  adversarialAuc: number | undefined;
  domainTermRatio: number | undefined;
}

/** A kept record and the records removed as its duplicates, with their texts. */
export interface DuplicateExample {
  kind: "exact" | "near";
  keep: { id: string; text: string };
  members: { id: string; text: string; jaccard: number }[];
}

/**
 * Every number of the quality stage for one dataset. `report.json` holds it, with the run's
 * fine-tuning attached by the report (`RunReport`).
 */
export interface QualityReport {
  version: 1;
  createdAt: string;
  source: { kind: "run"; runId: string; round: number | undefined } | { kind: "file"; file: string };
  /** Language tag used for word segmentation and shingling. */
  language: string;
  counts: {
    records: number;
    valid: number;
    accepted: number;
    rejected: number;
    /** Rejections by kind: schema, length, sensitive, contradiction, duplicate, near-duplicate, other. */
    rejectedByReason: Record<string, number>;
  };
  /** Metrics of the accepted records (after the filters, with redactions applied). */
  metrics: DatasetMetrics;
  /** The same metrics for the real reference corpus, when one was given. */
  reference: ({ file: string } & DatasetMetrics) | undefined;
  schemaValidity: { valid: number; total: number; value: number };
  majorityAgreement: MajorityAgreementResult | undefined;
  /** The judge's label votes and rubric over every record it saw (run reports). */
  judge: JudgeStatistics | undefined;
  /** Accepted records per condition, rejected ones per reason, the judge's least sure (run reports). */
  records?: RecordExamples;
  domainTermRatio: (DomainTermRatioResult & { generalCorpus: string | undefined }) | undefined;
  /** What each filter did (clusters, counts, hits by type). */
  filters: Omit<FilterOutcome, "verdicts" | "kept">;
  /** The largest duplicate clusters with their texts, for people to look at. */
  duplicateExamples: DuplicateExample[];
  /** Valid records removed as exact or near duplicates, over valid records. */
  duplicateRate: number;
  adversarial:
    | {
        auc: number;
        foldAucs: number[];
        folds: number;
        sampled: { real: number; generated: number };
        model: string;
        meanProbability: number;
        mostDetectable: { id: string; text: string; probability: number }[];
        topFeatures: { generated: FeatureWeight[]; real: FeatureWeight[] };
      }
    | undefined;
  spotCheck: SpotCheckStatistics | undefined;
  gates: GateResult[];
  trend: RoundTrendPoint[];
  /** Things a person should know (small samples, missing reference, ...). */
  warnings: string[];
  /** Milliseconds spent per step. */
  timings: Record<string, number>;
}
