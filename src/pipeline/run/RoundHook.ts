import type { EventSink } from "../../core/events.js";
import type { LoadedRecipe } from "../../core/recipe/loadRecipe.js";
import type { SamplingParameters } from "../../core/record.js";
import type { GenerationStats } from "../../generate/generateRecords.js";
import type { LanguageModel } from "../../providers/LanguageModel.js";
import type { SlotRow, Store } from "../../store/Store.js";

/**
 * What every hook of a round sees. One context object goes through all the hooks of a round,
 * `beforeRound` then `afterRound`, in the order of {@link RoundHooks}: a hook sees what the
 * hooks before it changed.
 */
export interface RoundContext {
  readonly runId: string;
  /** 1-based round number. */
  readonly round: number;
  readonly loaded: LoadedRecipe;
  readonly store: Store;
  readonly events: EventSink;
  readonly signal: AbortSignal | undefined;
  /**
   * Sampling of the generation stage (the seed is derived per call). A hook may change it
   * (e.g. raise the temperature after a low-diversity round); it carries over to later rounds.
   */
  sampling: Omit<SamplingParameters, "seed">;
  /**
   * The open slots this round generates, in order. A `beforeRound` hook may reorder them or
   * change their cells (diversity steering); the generated records carry the cell used.
   * Undefined where no run loop drives the hook.
   */
  slots?: SlotRow[];
  /** Set by an `afterRound` hook to end the run after this round, with the reason (e.g. a budget). */
  stop?: string;
  /**
   * The model generating the run; undefined until it is loaded, which happens before the
   * round's generation (after the `beforeRound` hooks of a run's first round), and in a
   * process that only finishes a round several workers generated (`--finish`).
   */
  model?: LanguageModel | undefined;
  /** What this round's generation did; undefined before generation. */
  stats: GenerationStats | undefined;
  /** Extra values stored in the round's summary and shown at its end; later hooks may overwrite earlier ones. */
  summary: Record<string, number | string>;
}

/**
 * What a `beforeRound` hook gets: the round's open slots (it may reorder them or change their
 * cells) and the sampling (it may change it); nothing is generated yet, and `stop` is not read.
 */
export interface BeforeRoundContext extends RoundContext {
  slots: SlotRow[];
  readonly stats: undefined;
}

/**
 * What an `afterRound` hook gets: the round is generated and stored (`stats`), so it may
 * reject records (their slots re-open for the next round), throw GateFailedError, change the
 * next round's sampling, add to the summary, and set `stop` to end the run after this round.
 */
export interface AfterRoundContext extends RoundContext {
  readonly stats: GenerationStats;
}

/**
 * A strategy that takes part in every round. `beforeRound` runs after the open slots are
 * known and before they are generated (reorder or reassign slots, add slots, change sampling);
 * `afterRound` runs after generation (quality filters that reject records, which re-opens
 * their slots for the next round; gates that throw GateFailedError).
 */
export interface RoundHook {
  name: string;
  beforeRound?(context: BeforeRoundContext): void | Promise<void>;
  afterRound?(context: AfterRoundContext): void | Promise<void>;
}

/**
 * The hooks of a run, by the place each must have: the order is the contract. In each phase
 * they run first to last, and each sees the context as the ones before it left it.
 */
export interface RoundHooks {
  /** First (the generation engine's "strategies"): assigns strategies and steers the slots before anyone else sees them. */
  first: RoundHook;
  /**
   * In between, in order: the spot-check sample refresh, then the caller's hooks (quality
   * filters and gates). Their `afterRound` rejects records, which the last hook must see.
   */
  between: readonly RoundHook[];
  /** Last (the engine's "rounds"): measures the round as the others left it, decides the next one, may stop the run. */
  last: RoundHook;
}

/** The hooks of {@link RoundHooks} in the order they run. */
export function hookOrder(hooks: RoundHooks): RoundHook[] {
  return [hooks.first, ...hooks.between, hooks.last];
}

/** Runs every hook's `beforeRound` in order; returns the slots and sampling they settled on. */
export async function runBeforeRound(hooks: RoundHooks, context: BeforeRoundContext): Promise<void> {
  for (const hook of hookOrder(hooks)) await hook.beforeRound?.(context);
}

/** Runs every hook's `afterRound` in order, after the round's generation. */
export async function runAfterRound(hooks: RoundHooks, context: AfterRoundContext): Promise<void> {
  for (const hook of hookOrder(hooks)) await hook.afterRound?.(context);
}
