import type { QualityDecision } from "../../core/record.js";
import type { DuplicateCluster } from "../dedup/findNearDuplicates.js";
import type { SensitiveType } from "../sensitive/detectSensitive.js";

/** The filters' verdict on one record. */
export interface RecordVerdict {
  status: "accepted" | "rejected";
  /** First rejecting filter's reason. */
  reason: string | undefined;
  /** Text after redaction (the original when nothing was redacted). */
  text: string | undefined;
  decisions: QualityDecision[];
}

/** Duplicate clusters by record id, for the report. */
export interface IdCluster {
  keep: string;
  members: { id: string; jaccard: number }[];
}

/** What the filters did to a dataset, record by record and in total. */
export interface FilterOutcome {
  verdicts: RecordVerdict[];
  /** Indexes of the records that passed every filter, in order. */
  kept: number[];
  length: { rejected: number };
  /** Records each degeneration or leak check rejected (truncated, language, symbols, repetition, leak). */
  text: { rejectedByCheck: Record<string, number> };
  sensitive: {
    action: "redact" | "reject" | "off";
    recordsWithHits: number;
    hitsByType: Partial<Record<SensitiveType, number>>;
  };
  contradictions: { groups: number; records: number; rejected: number };
  exactDuplicates: { rejected: number; clusters: IdCluster[] };
  nearDuplicates: {
    rejected: number;
    clusters: IdCluster[];
    parameters: { threshold: number; permutations: number; bands: number; rows: number };
    verifiedPairs: number;
  };
}

/** Maps index clusters to id clusters. */
export function toIdClusters(clusters: DuplicateCluster[], ids: readonly string[]): IdCluster[] {
  return clusters.map((cluster) => ({
    keep: ids[cluster.keep]!,
    members: cluster.members.map((member) => ({ id: ids[member.index]!, jaccard: member.jaccard })),
  }));
}
