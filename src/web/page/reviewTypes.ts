// The JSON the review app's API sends the page (`GET /api/state`, `GET /api/records/:id`), as
// the page reads it. Written out here rather than imported, so that the page (bundled for the
// browser) depends on no server module.

export interface ReviewVerdict {
  verdict: "correct" | "wrong";
  reason?: string;
  reviewer?: string;
  corrected?: Record<string, unknown>;
}

export interface JudgeView {
  votes?: unknown[];
  agreeing?: number;
  confirmed?: boolean;
  score?: number;
  reason?: string;
}

export interface ReviewItemView {
  id: string;
  text: string;
  label?: string | null;
  cell: Record<string, string>;
  judge?: JudgeView;
  first: boolean;
  review?: ReviewVerdict;
}

export interface StatisticsView {
  sampled: number;
  reviewed: number;
  wrong: number;
  errorRate: { value: number; lower: number; upper: number };
  threshold?: number;
  reasons: { reason: string; count: number }[];
  moreNeeded?: number | null;
  byCondition?: { condition: string; reviewed: number; wrong: number }[];
}

export interface GateView {
  status: "pass" | "fail" | "pending" | "none";
  certified: boolean;
}

export interface ReviewStateView {
  run: { id: string; name: string; language: string };
  queue: {
    items: ReviewItemView[];
    labelField?: string;
    labels: string[];
    reasons: string[];
  };
  statistics: StatisticsView;
  gate: GateView;
}

/** What `POST /api/verdicts` answers: the new state and the ids of the verdict events (for undo). */
export interface VerdictAnswer extends ReviewStateView {
  events: number[];
}

export interface VerdictRequest {
  recordId: string;
  verdict: "correct" | "wrong";
  reason?: string;
  reviewer?: string;
  corrected?: Record<string, string>;
  /** Seconds from the record being shown to this verdict (ReviewClock). */
  seconds?: number;
}

export interface RecordView {
  provenance: {
    round: number;
    slotIndex: number;
    attempt: number;
    strategy: string;
    template: { id: string; version: string };
    model: { provider: string; id: string };
    sampling: { temperature: number; seed: number };
    messages: { role: string; content: string }[];
    rawOutput: string;
  };
  decisions: { check: string; decision: string; reason?: string }[];
  history: { reviewedAt: string; verdict: string; reason?: string; undoneAt?: string }[];
}
