import type { QualityDecision } from "../core/record.js";
import type { OutputVerdict } from "./judgeOutput.js";
import {
  majorityVote,
  majorityVoteScored,
  type PairScorer,
  type VoteResult,
  type VoteSample,
} from "./strategies/majorityVote.js";

/** How the k samples of one slot are compared (the recipe's `strategies.majorityVote`). */
export interface VoteSettings {
  /** Samples drawn per attempt (k) [3]. */
  samples: number;
  /** Samples that must agree for acceptance [2]. */
  minimumAgreement: number;
  /** Free texts agree when their similarity (ROUGE-L F1 [0.7], or BERTScore F1) reaches this. */
  threshold: number;
  /** Locale of the ROUGE-L word split. */
  locale: string;
  /**
   * Scores the pairs of free texts of a vote in one call (BERTScore F1 from the worker) instead
   * of ROUGE-L; `similarity` names it in the stored decision.
   */
  scorePairs?: PairScorer;
  /** What `scorePairs` computes, e.g. "bertscore (all-minilm-l6-v2)"; stored with the vote. */
  similarity?: string;
}

/** The vote over one attempt's samples. */
export interface VoteOutcome {
  /** Sample whose output is stored: the one agreeing with the most others, else the first. */
  keep: number;
  accepted: boolean;
  /** Largest agreeing group ÷ k. */
  agreement: number;
  decision: QualityDecision;
}

/**
 * Majority vote over the judged samples of one attempt (docs/metrics.md, "The judge and
 * votes"): only samples that passed the schema and label checks take part; they are
 * compared by the label field when there is one, else by the text field (ROUGE-L F1 ≥ the
 * threshold, or with `scorePairs` its score, e.g. BERTScore F1, all pairs in one call). The
 * stored "majority-vote" decision carries the agreement rate and every sample's raw output, so
 * nothing drawn is lost, and with `scorePairs` the similarity, threshold and each pair's score.
 */
export async function voteOnSamples(
  verdicts: readonly OutputVerdict[],
  rawOutputs: readonly string[],
  fields: { labelField: string | undefined; textField: string },
  settings: VoteSettings,
): Promise<VoteOutcome> {
  const samples: VoteSample[] = verdicts.map((verdict) => {
    if (verdict.status !== "accepted" || verdict.data === undefined) return {};
    if (fields.labelField !== undefined && verdict.data[fields.labelField] !== undefined) {
      return { label: String(verdict.data[fields.labelField]) };
    }
    const text = verdict.data[fields.textField];
    return { text: typeof text === "string" ? text : JSON.stringify(verdict.data) };
  });
  const options = {
    minimumAgreement: settings.minimumAgreement,
    threshold: settings.threshold,
    locale: settings.locale,
  };
  let result: VoteResult;
  let scored: Record<string, unknown> = {};
  if (settings.scorePairs) {
    const { scores, ...vote } = await majorityVoteScored(samples, {
      ...options,
      scorePairs: settings.scorePairs,
    });
    result = vote;
    if (scores.length > 0) {
      const index = (text: string) => samples.findIndex((sample) => sample.text === text);
      scored = {
        similarity: settings.similarity ?? "scorer",
        threshold: settings.threshold,
        scores: scores.map(({ a, b, score }) => ({ samples: [index(a), index(b)], score })),
      };
    }
  } else {
    result = majorityVote(samples, options);
  }
  const keep = Math.max(result.winner, 0);
  const agreeing = result.agreeing.length;
  return {
    keep,
    accepted: result.accepted,
    agreement: result.agreement,
    decision: {
      check: "majority-vote",
      decision: result.accepted ? "pass" : "reject",
      ...(result.accepted
        ? {}
        : {
            reason: `${agreeing} of ${verdicts.length} samples agree; ${settings.minimumAgreement} needed`,
          }),
      details: {
        samples: verdicts.length,
        agreeing,
        agreement: result.agreement,
        kept: keep,
        ...scored,
        outputs: rawOutputs,
      },
    },
  };
}
