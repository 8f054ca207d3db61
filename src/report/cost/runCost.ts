import type { CostSettings } from "../../core/recipe/costSchema.js";
import type { Store } from "../../store/Store.js";

/** What a run cost, from what the store recorded (`report.json`'s `cost`, `runs show`). */
export interface RunCost {
  currency: string;
  accepted: number;
  /** Generation with its judging and quality checks, round by round (rounds the store timed). */
  generation: {
    rounds: number;
    /**
     * Seconds of generation: the timed rounds' wall time; a run without timed rounds (an
     * annotation) sums its model calls' durations instead, which overlap when calls run in parallel.
     */
    wallSeconds: number;
    timedBy: "rounds" | "model calls";
    /** CPU of the generating process (and, for images, of the worker drawing); null when unrecorded. */
    cpuSeconds: number | null;
    modelCalls: number;
    inputTokens: number;
    outputTokens: number;
    /** At the model's price (the recipe's `model.price`, else the provider's table); null when unpriced. */
    tokenCost: number | null;
  };
  /** Fine-tuning jobs stored with the run. */
  training: { jobs: number; wallSeconds: number; cpuSeconds: number | null };
  /**
   * Human review: the run's current verdicts, and the time the review app measured for them
   * (seconds from a record being shown to its verdict, summed over every verdict given, undone
   * and replaced ones included: the reviewer spent that time). Verdicts from a review file are
   * untimed.
   */
  review: {
    verdicts: number;
    /** Verdicts given with a measured time. */
    timed: number;
    seconds: number;
    /** Median seconds per timed verdict; null when none was timed. */
    medianSeconds: number | null;
    /** The measured seconds at `cost.labourPerHour`; null without that price or without timed verdicts. */
    cost: number | null;
  };
  /** Wall hours of generation and training at `cost.computePerHour`; null without a price. */
  computeCost: number | null;
  /** Token, compute and review cost together; null when none has a price. */
  total: number | null;
  perAcceptedRecord: number | null;
  /**
   * Labelling the accepted records by hand: at the recipe's rate (`manualPerRecord`, or
   * `manualSecondsPerRecord` at `labourPerHour`), else at the measured median seconds per review
   * verdict at `labourPerHour` (a lower bound: judging a label is quicker than choosing it);
   * null without a rate.
   */
  manual: { perRecord: number; total: number; basis: "recipe" | "measured review" } | null;
  /** 1 − total / manual total: the share of the hand-labelling cost saved. */
  savedShare: number | null;
}

const sumOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The cost of a run from its stored rounds, records, training jobs and verdicts. */
export function runCost(store: Store, runId: string): RunCost {
  const run = store.getRun(runId);
  const recipe = (run?.recipe ?? {}) as { cost?: CostSettings };
  const settings = recipe.cost;
  const counts = store.countRecords(runId);
  const rounds = store.listRounds(runId).filter((round) => round.endedAt !== undefined);
  const numberOf = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) ? value : undefined;
  const wallSeconds = sumOf(
    rounds.map((round) => (Date.parse(round.endedAt!) - Date.parse(round.startedAt)) / 1000),
  );
  const cpu = rounds.map((round) => numberOf(round.summary?.cpuSeconds));
  const tokenCosts = rounds.map((round) => numberOf(round.summary?.tokenCost));
  const records = store.listRecords(runId);
  const timedBy = rounds.length > 0 ? "rounds" : "model calls";
  const generationSeconds =
    rounds.length > 0
      ? wallSeconds
      : sumOf(records.map((record) => record.provenance.timing.durationMs / 1000));
  const modelCalls = records.filter((record) => record.provenance.messages.length > 0).length;
  const inputTokens = sumOf(records.map((record) => record.provenance.usage.inputTokens));
  const outputTokens = sumOf(records.map((record) => record.provenance.usage.outputTokens));
  const jobs = store.listArtifacts(runId, "training-job").map((row) => row.value as Record<string, unknown>);
  const trainingWall = sumOf(jobs.map((job) => numberOf(job.wallSeconds) ?? numberOf(job.seconds) ?? 0));
  const trainingCpu = jobs.map((job) => numberOf(job.cpuSeconds));
  const tokenCost = tokenCosts.some((value) => value !== undefined)
    ? sumOf(tokenCosts.map((v) => v ?? 0))
    : null;
  const computeCost =
    settings?.computePerHour === undefined
      ? null
      : ((wallSeconds + trainingWall) / 3600) * settings.computePerHour;
  const timedSeconds = store
    .listReviewEvents(runId)
    .map((event) => event.seconds)
    .filter((value): value is number => value !== undefined);
  const reviewSeconds = sumOf(timedSeconds);
  const medianSeconds = median(timedSeconds);
  const reviewCost =
    settings?.labourPerHour === undefined || timedSeconds.length === 0
      ? null
      : (reviewSeconds / 3600) * settings.labourPerHour;
  const priced = [tokenCost, computeCost, reviewCost].filter((value): value is number => value !== null);
  const total = priced.length === 0 ? null : sumOf(priced);
  const recipeManual =
    settings?.manualPerRecord ??
    (settings?.manualSecondsPerRecord !== undefined && settings.labourPerHour !== undefined
      ? (settings.manualSecondsPerRecord / 3600) * settings.labourPerHour
      : undefined);
  const measuredManual =
    medianSeconds !== null && settings?.labourPerHour !== undefined
      ? (medianSeconds / 3600) * settings.labourPerHour
      : undefined;
  const manual =
    recipeManual !== undefined
      ? { perRecord: recipeManual, total: recipeManual * counts.accepted, basis: "recipe" as const }
      : measuredManual !== undefined
        ? {
            perRecord: measuredManual,
            total: measuredManual * counts.accepted,
            basis: "measured review" as const,
          }
        : null;
  return {
    currency: settings?.currency ?? "USD",
    accepted: counts.accepted,
    generation: {
      rounds: rounds.length,
      wallSeconds: generationSeconds,
      timedBy,
      cpuSeconds: cpu.length > 0 && cpu.every((value) => value !== undefined) ? sumOf(cpu as number[]) : null,
      modelCalls,
      inputTokens,
      outputTokens,
      tokenCost,
    },
    training: {
      jobs: jobs.length,
      wallSeconds: trainingWall,
      cpuSeconds:
        trainingCpu.length > 0 && trainingCpu.every((v) => v !== undefined)
          ? sumOf(trainingCpu as number[])
          : null,
    },
    review: {
      verdicts: store.listReviews(runId).length,
      timed: timedSeconds.length,
      seconds: reviewSeconds,
      medianSeconds,
      cost: reviewCost,
    },
    computeCost,
    total,
    perAcceptedRecord: total === null || counts.accepted === 0 ? null : total / counts.accepted,
    manual,
    savedShare: manual === null || total === null || manual.total === 0 ? null : 1 - total / manual.total,
  };
}

/** The cost section as plain text lines (`runs show`, the CLI). */
export function formatRunCost(cost: RunCost): string[] {
  const money = (value: number | null) =>
    value === null ? "no price" : `${value.toFixed(4)} ${cost.currency}`;
  const seconds = (value: number | null) =>
    value === null ? "CPU not recorded" : `${value.toFixed(1)} s CPU`;
  const lines = [
    "Cost",
    `  generation  ${cost.generation.timedBy === "rounds" ? `${cost.generation.rounds} rounds, ${cost.generation.wallSeconds.toFixed(1)} s wall` : `${cost.generation.wallSeconds.toFixed(1)} s of model calls`}, ${seconds(cost.generation.cpuSeconds)}; ${cost.generation.modelCalls} model calls, ${cost.generation.inputTokens} + ${cost.generation.outputTokens} tokens: ${money(cost.generation.tokenCost)}`,
    `  training    ${cost.training.jobs} jobs, ${cost.training.wallSeconds.toFixed(1)} s wall, ${seconds(cost.training.cpuSeconds)}`,
    `  review      ${reviewLine(cost)}`,
    `  compute     ${money(cost.computeCost)}; total ${money(cost.total)}; per accepted record ${money(cost.perAcceptedRecord)}`,
  ];
  if (cost.manual !== null) {
    const basis =
      cost.manual.basis === "recipe"
        ? ""
        : ` (at the measured ${cost.review.medianSeconds!.toFixed(1)} s a verdict: a lower bound)`;
    lines.push(
      `  by hand     ${round(cost.manual.perRecord)} ${cost.currency} a record${basis}, ${cost.manual.total.toFixed(2)} ${cost.currency} for ${cost.accepted}; saved ${cost.savedShare === null ? "–" : `${(100 * cost.savedShare).toFixed(1)}%`}`,
    );
  }
  return lines;
}

/** A price to four significant digits (50, 0.1667). */
const round = (value: number) => Number(value.toPrecision(4));

function reviewLine(cost: RunCost): string {
  const { review } = cost;
  const verdicts = `${review.verdicts} verdict${review.verdicts === 1 ? "" : "s"}`;
  if (review.timed === 0) return `${verdicts}, none timed by the review app`;
  const price = review.cost === null ? "" : `: ${review.cost.toFixed(4)} ${cost.currency}`;
  return `${verdicts}; ${review.timed} timed by the review app, ${review.seconds.toFixed(1)} s in all, median ${review.medianSeconds!.toFixed(1)} s a verdict${price}`;
}
