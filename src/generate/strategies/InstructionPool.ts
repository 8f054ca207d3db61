import type { QualityDecision } from "../../core/record.js";
import { NoveltyFilter } from "./NoveltyFilter.js";

/** Reason code of a self-instruct or evolved instruction too close to an accepted one. */
export const notNovelReason = "not-novel";

/**
 * The instructions self-instruct and evolution build on: the seed file's, then the accepted
 * ones, with the novelty filter over all of them. The pipeline refills it from the store at
 * the start of each round (so records rejected later by quality filters drop out, and a
 * resumed run sees what earlier runs accepted); `review` adds each novel instruction at once,
 * so two parallel calls cannot both accept near-copies of each other.
 */
export class InstructionPool {
  readonly field: string;
  readonly threshold: number;
  readonly locale: string;
  readonly #seeds: readonly string[];
  #accepted: string[] = [];
  #filter: NoveltyFilter;

  constructor(options: { seeds: readonly string[]; field: string; threshold: number; locale: string }) {
    this.field = options.field;
    this.threshold = options.threshold;
    this.locale = options.locale;
    this.#seeds = options.seeds;
    this.#filter = this.#freshFilter();
  }

  /** Seed instructions, then accepted ones. */
  get instructions(): string[] {
    return [...this.#seeds, ...this.#accepted];
  }

  /** Accepted instructions (without the seeds). */
  get accepted(): readonly string[] {
    return this.#accepted;
  }

  /** Replaces the accepted instructions (those of the run's accepted records). */
  reset(accepted: readonly string[]): void {
    this.#accepted = [];
    this.#filter = this.#freshFilter();
    for (const text of accepted) {
      this.#accepted.push(text);
      this.#filter.add(text);
    }
  }

  /** Novelty check of a generated record's instruction; a novel one joins the pool. */
  review(data: Record<string, unknown>): { decision: QualityDecision; rejectReason?: string } {
    const text = data[this.field];
    if (typeof text !== "string" || text.trim() === "") {
      return {
        decision: {
          check: "novelty",
          decision: "reject",
          reason: `field "${this.field}" holds no instruction text`,
        },
        rejectReason: notNovelReason,
      };
    }
    const match = this.#filter.closest(text, this.threshold);
    if (match !== undefined) {
      const other = this.instructionAt(match.index);
      return {
        decision: {
          check: "novelty",
          decision: "reject",
          reason: `ROUGE-L ${match.score.toFixed(2)} ≥ ${this.threshold} against ${JSON.stringify(preview(other))}`,
          details: { score: match.score, threshold: this.threshold },
        },
        rejectReason: notNovelReason,
      };
    }
    this.#filter.add(text);
    this.#accepted.push(text);
    return { decision: { check: "novelty", decision: "pass" } };
  }

  /** The instruction at a position of the pool (seeds first). */
  instructionAt(index: number): string {
    return this.#seeds[index] ?? this.#accepted[index - this.#seeds.length] ?? "";
  }

  #freshFilter(): NoveltyFilter {
    const filter = new NoveltyFilter({ threshold: this.threshold, locale: this.locale });
    for (const seed of this.#seeds) filter.add(seed);
    return filter;
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 50 ? `${flat.slice(0, 47)}...` : flat;
}
