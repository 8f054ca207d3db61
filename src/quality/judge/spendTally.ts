import type { TokenUsage } from "../../providers/LanguageModel.js";

/** What a judge's calls for one record cost so far: the tokens summed, the model calls counted. */
export interface SpendTally {
  readonly usage: TokenUsage;
  readonly calls: number;
  /** Adds `spent` tokens and `made` calls (0 for a cached answer). */
  readonly count: (spent: TokenUsage, made: number) => void;
}

/** An empty tally, for one record's verdict. */
export function createSpendTally(): SpendTally {
  const usage = { inputTokens: 0, outputTokens: 0 };
  let calls = 0;
  return {
    usage,
    get calls() {
      return calls;
    },
    count: (spent, made) => {
      usage.inputTokens += spent.inputTokens;
      usage.outputTokens += spent.outputTokens;
      calls += made;
    },
  };
}
