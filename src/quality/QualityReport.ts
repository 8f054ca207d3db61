import type { FeatureWeight } from "./adversarial/adversarialValidation.js";
import type { FilterOutcome } from "./filters/FilterOutcome.js";
import type { GateResult } from "./gates/GateResult.js";
import type { DatasetMetrics } from "./metrics/datasetMetrics.js";
import type { DomainTermRatioResult } from "./metrics/domainTermRatio.js";
import type { JudgeStatistics } from "./metrics/judgeStatistics.js";
import type { MajorityAgreementResult } from "./metrics/majorityAgreement.js";
import type { SpotCheckStatistics } from "./metrics/spotCheckStatistics.js";
import type { VarietyComparison } from "./metrics/varietyComparison.js";
import type { RecordExamples } from "./recordExamples.js";

/** BERTScore of one recipe's field pairs (docs/metrics.md: the gate needs the margin too). */
export interface BertScoreReport {
  encoder: string;
  layer: number;
  idf: boolean;
  rescaled: boolean;
  /** Candidate field → reference field, each pair's count and mean F1. */
  fields: { candidate: string; reference: string; pairs: number; meanF1: number | undefined }[];
  pairs: number;
  meanF1: number | undefined;
  meanPrecision: number | undefined;
  meanRecall: number | undefined;
  shuffledMeanF1: number | undefined;
  margin: number | undefined;
  minMargin: number;
  /**
   * The F1 threshold calibrated for this encoder and layer (all-MiniLM-L6-v2 0.5, the Qwen
   * teacher's layer 8 0.72), the gate's when the recipe leaves `gates.bertScore` unset;
   * absent for an encoder not calibrated (the gate then uses 0.85).
   */
  encoderThreshold?: number;
  /** The pairs with the lowest F1, for people to look at. */
  lowest: { id: string; candidate: string; reference: string; f1: number }[];
}

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
  /** The accepted texts' distinct-n and self-BLEU against the reference's at the same count (with a reference). */
  variety?: VarietyComparison | undefined;
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
  /** BERTScore of the recipe's field pairs, with the shuffled pairs' score beside it (worker). */
  bertScore?: BertScoreReport;
  /** The syntax check's parser and what it rejected (worker). */
  syntax?: { parser: string; checked: number; rejected: number; examples: { id: string; text: string }[] };
  /** Entropy of k-means cluster sizes over sentence embeddings (worker). */
  semanticSpread?: {
    encoder: string;
    k: number;
    entropy: number;
    maxEntropy: number;
    sizes: number[];
    texts: number;
  };
  /** The transformer discriminator: real vs generated, out-of-fold ROC AUC (worker). */
  discriminator?: {
    encoder: string;
    method: string;
    auc: number;
    foldAucs: number[];
    folds: number;
    sampled: { real: number; generated: number };
    mostDetectable: { id: string; text: string; probability: number }[];
  };
  /** Worker checks the recipe asked for that could not run, each with the reason. */
  workerErrors?: string[];
  gates: GateResult[];
  trend: RoundTrendPoint[];
  /** Things a person should know (small samples, missing reference, ...). */
  warnings: string[];
  /** Milliseconds spent per step. */
  timings: Record<string, number>;
}
