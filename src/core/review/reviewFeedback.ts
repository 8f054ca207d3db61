/**
 * What human review teaches the next round of generation: the review stage summarizes it, the
 * generation stage's prompt builder uses it, the pipeline passes it from one to the other.
 */
export interface PromptFeedback {
  /**
   * Records reviewers confirmed, and the fixed versions of records they corrected, as few-shot
   * examples (`id` is `review:<record id>`, recorded in provenance as `fewShot`).
   */
  exemplars: { id: string; fields: Record<string, unknown>; fixed?: boolean }[];
  /** Negative guidance for every prompt: the reviewers' reasons, summarized, with an example or two. */
  guidance: string | undefined;
  /** Further guidance for the cells whose error rate is high, by `cellKey` of the cell. */
  cellGuidance: Record<string, string>;
}
