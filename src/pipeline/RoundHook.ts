import type { EventSink } from "../core/events.js";
import type { LoadedRecipe } from "../core/recipe/loadRecipe.js";
import type { SamplingParameters } from "../core/record.js";
import type { GenerationStats } from "../generate/generateRecords.js";
import type { LanguageModel } from "../providers/LanguageModel.js";
import type { SlotRow, Store } from "../store/Store.js";

/** What a round hook sees and may change. */
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
   * round's generation (after the `beforeRound` hooks of a run's first round).
   */
  model?: LanguageModel | undefined;
  /** What this round's generation did; undefined before generation. */
  stats: GenerationStats | undefined;
  /** Extra values stored in the round's summary and shown at its end. */
  summary: Record<string, number | string>;
}

/**
 * A strategy that takes part in every round. `beforeRound` runs after the open slots are
 * known and before they are generated (reorder or reassign slots, add slots, change sampling);
 * `afterRound` runs after generation (quality filters that reject records, which re-opens
 * their slots for the next round; gates that throw GateFailedError).
 */
export interface RoundHook {
  name: string;
  beforeRound?(context: RoundContext): void | Promise<void>;
  afterRound?(context: RoundContext): void | Promise<void>;
}
