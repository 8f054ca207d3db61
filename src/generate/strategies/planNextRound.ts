/** Quick metrics of the round that just ended (computed by the loop over this round's records). */
export interface RoundStats {
  /** 1-based number of the round that ended. */
  round: number;
  /** Share of this round's outputs that parsed and validated, in [0, 1]. */
  schemaValidity: number;
  /** Share of this round's outputs rejected as exact or near duplicates, in [0, 1]. */
  duplicateRate: number;
  /**
   * Every planned cell with its planned (target) and accepted-so-far counts over the whole
   * run (`cellBalance(planTargets(plan), acceptedCells)`); a plan without dimensions has one
   * cell `{}`. Targets count as met when every listed cell is.
   */
  balance: { cell: Record<string, string>; planned: number; accepted: number }[];
  /** Word-unigram Shannon entropy in bits of the accepted text so far (docs/metrics.md). */
  entropy: number;
  /** Slots whose record was rejected this round for any reason but duplication. */
  rejectedSlots: number[];
  /** Slots whose record was rejected as a duplicate this round. */
  duplicateSlots: number[];
}

/** What the run has spent and how it is currently set, carried from round to round. */
export interface RoundState {
  /** Rounds finished so far (including the one the stats describe). */
  roundsDone: number;
  /** Sampling temperature used in the round that ended. */
  temperature: number;
  /** Current phrasing offset (see renderSlotMessages). */
  phrasingOffset: number;
  /** Tokens (input + output) spent over all rounds. */
  tokensUsed: number;
  /** Cost over all rounds, in the price table's currency; 0 when unknown. */
  costUsed: number;
  /** Wall-clock seconds over all rounds. */
  secondsUsed: number;
}

/** Budgets and diversity settings: `strategies.rounds` of the recipe. */
export interface RoundBudgets {
  maximum: number;
  maxTokens?: number;
  maxSeconds?: number;
  maxCost?: number;
  /** Entropy in bits below which a round is low-diversity [3.8]. */
  entropyTarget: number;
  /** Duplicate rate above which a round is low-diversity [0.1]. */
  maxDuplicateRate: number;
  /** Temperature rise after a low-diversity round [0.1]. */
  temperatureStep: number;
  /** Ceiling of those rises [1.2]. */
  maxTemperature: number;
}

/** The decision for the next round. */
export interface NextRoundDecision {
  /** True when the run should end now. */
  stop: boolean;
  /** Why: "targets met", "round budget reached (3 of 3)", "continue: ...". */
  reason: string;
  /** Slots to generate again (rejected and duplicate), ascending. */
  slotsToRegenerate: number[];
  /** Add to the temperature for the next round (0 when unchanged; negative lowers it). */
  temperatureDelta: number;
  /** True when the next round should move to the next phrasing (phrasingOffset + 1). */
  rotatePhrasing: boolean;
  /** Cells still short of their planned count, with the shortfall; steer open slots toward them. */
  rebalance: { cell: Record<string, string>; missing: number }[];
  /** One line for the log. */
  summary: string;
}

const validityFloor = 0.9;

/**
 * Decides the next round from this round's quick metrics. Order of precedence:
 * 1. every cell at its planned count → stop ("targets met");
 * 2. a budget spent (rounds, tokens, cost, time) → stop, naming the budget;
 * 3. otherwise continue: regenerate rejected and duplicate slots, rebalance cells that are
 *    short, and when diversity is low (entropy below target or duplicate rate above the
 *    maximum) rotate phrasings and raise the temperature by one step (up to the ceiling);
 *    when diversity is fine but schema validity is below 90%, lower the temperature a step.
 */
export function planNextRound(
  stats: RoundStats,
  state: RoundState,
  budgets: RoundBudgets,
): NextRoundDecision {
  const rebalance = stats.balance
    .filter((entry) => entry.accepted < entry.planned)
    .map((entry) => ({ cell: entry.cell, missing: entry.planned - entry.accepted }));
  const planned = stats.balance.reduce((sum, entry) => sum + entry.planned, 0);
  const accepted = stats.balance.reduce((sum, entry) => sum + Math.min(entry.accepted, entry.planned), 0);
  const slotsToRegenerate = [...new Set([...stats.rejectedSlots, ...stats.duplicateSlots])].sort(
    (a, b) => a - b,
  );
  const lowDiversity =
    stats.entropy < budgets.entropyTarget || stats.duplicateRate > budgets.maxDuplicateRate;

  let stopReason: string | undefined;
  if (rebalance.length === 0) stopReason = "targets met";
  else if (state.roundsDone >= budgets.maximum)
    stopReason = `round budget reached (${state.roundsDone} of ${budgets.maximum})`;
  else if (budgets.maxTokens !== undefined && state.tokensUsed >= budgets.maxTokens)
    stopReason = `token budget reached (${state.tokensUsed} of ${budgets.maxTokens})`;
  else if (budgets.maxCost !== undefined && state.costUsed >= budgets.maxCost)
    stopReason = `cost budget reached (${round(state.costUsed, 4)} of ${budgets.maxCost})`;
  else if (budgets.maxSeconds !== undefined && state.secondsUsed >= budgets.maxSeconds)
    stopReason = `time budget reached (${Math.round(state.secondsUsed)} s of ${budgets.maxSeconds} s)`;

  let temperatureDelta = 0;
  let rotatePhrasing = false;
  const changes: string[] = [];
  if (stopReason === undefined) {
    if (lowDiversity) {
      rotatePhrasing = true;
      temperatureDelta = Math.max(
        0,
        Math.min(budgets.temperatureStep, budgets.maxTemperature - state.temperature),
      );
      changes.push("low diversity: phrasing rotated");
    } else if (stats.schemaValidity < validityFloor) {
      temperatureDelta = -Math.min(budgets.temperatureStep, state.temperature);
      changes.push("low schema validity");
    }
    temperatureDelta = round(temperatureDelta, 6);
    if (temperatureDelta !== 0) {
      changes.push(
        `temperature ${state.temperature.toFixed(2)}→${(state.temperature + temperatureDelta).toFixed(2)}`,
      );
    }
    if (slotsToRegenerate.length > 0) changes.push(`${slotsToRegenerate.length} slots to regenerate`);
    if (rebalance.length > 0) changes.push(`${rebalance.length} cells short`);
  }
  const reason = stopReason ?? `continue: ${changes.join(", ")}`;
  const summary = [
    `round ${stats.round}: ${accepted}/${planned} accepted`,
    `schema ${percent(stats.schemaValidity)}`,
    `duplicates ${percent(stats.duplicateRate)}`,
    `entropy ${stats.entropy.toFixed(2)} bits (target ${budgets.entropyTarget})`,
    stopReason === undefined ? reason : `stop: ${stopReason}`,
  ].join(", ");
  return {
    stop: stopReason !== undefined,
    reason,
    slotsToRegenerate: stopReason === undefined ? slotsToRegenerate : [],
    temperatureDelta,
    rotatePhrasing,
    rebalance,
    summary,
  };
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
