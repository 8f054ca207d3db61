import { coalesceCalls } from "../../core/concurrency/coalesceCalls.js";
import type { Config } from "../../core/config.js";
import type { EventSink } from "../../core/events.js";
import type { PairScorer } from "../../generate/strategies/majorityVote.js";
import { bertScoreThreshold } from "../../quality/gates/bertScoreThresholds.js";
import { resolveWorkerEncoder, workerEncoderName } from "../../quality/worker/resolveWorkerEncoder.js";
import { startWorker, type WorkerClient } from "../../worker/startWorker.js";
import { workerAssetsDir, workerModelCacheDir } from "../../worker/workerPaths.js";

/** BERTScore F1 of free-text pairs for the majority vote, from one worker kept for the run. */
export interface VoteScorer {
  scorePairs: PairScorer;
  /** E.g. "bertscore (all-minilm-l6-v2)", stored with each vote. */
  similarity: string;
  /** The F1 at which two samples agree when the recipe sets no `threshold`: the encoder's calibrated one, else 0.85. */
  defaultThreshold: number;
  /** Worker requests made and pairs scored so far (said in a log line when the scorer closes). */
  readonly requests: number;
  readonly pairs: number;
  /** Stops the worker, when one was started. */
  close(): Promise<void>;
}

export interface VoteScorerOptions {
  /** `strategies.majorityVote.encoder` [all-MiniLM-L6-v2; for Chinese the Qwen teacher]. */
  encoder: string | undefined;
  /** `strategies.majorityVote.layer` [the encoder's]. */
  layer: number | undefined;
  language: string;
  /** The recipe's folder, which a relative encoder path resolves against. */
  directory: string;
  config: Config;
  events: EventSink;
  signal?: AbortSignal;
}

/**
 * The majority vote's BERTScore (docs/metrics.md: free texts agree when BERTScore F1 ≥ the
 * consistency threshold), computed by the worker's `bertscore` request (the reference
 * bert-score package) with no shuffled baseline. The worker starts at the first vote that
 * compares free texts (label votes never start it) and stays up for the run; the pairs of
 * every vote waiting at once go in one request (`coalesceCalls`), never one request per pair.
 */
export function createVoteScorer(options: VoteScorerOptions): VoteScorer {
  const name = workerEncoderName(options.encoder, options.language);
  const assetsDir = workerAssetsDir(options.config);
  const modelCacheDir = workerModelCacheDir(options.config);
  let worker: Promise<WorkerClient> | undefined;
  let encoder: Promise<string> | undefined;
  let requests = 0;
  let scored = 0;
  const scorePairs = coalesceCalls(async (pairs: (readonly [string, string])[]) => {
    requests += 1;
    scored += pairs.length;
    encoder ??= resolveWorkerEncoder(options.encoder, {
      language: options.language,
      config: options.config,
      events: options.events,
      directory: options.directory,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    worker ??= startWorker({
      config: options.config,
      events: options.events,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const result = (await (
      await worker
    ).request("bertscore", {
      candidates: pairs.map(([a]) => a),
      references: pairs.map(([, b]) => b),
      encoder: await encoder,
      layer: options.layer ?? null,
      baseline: false,
      assetsDir,
      modelCacheDir,
    })) as unknown as { f1: (number | null)[] };
    // A pair bert-score cannot score (an empty text after tokenizing) agrees with nothing.
    return result.f1.map((value) => value ?? 0);
  });
  return {
    scorePairs,
    similarity: `bertscore (${name}${options.layer === undefined ? "" : `, layer ${options.layer}`})`,
    defaultThreshold: bertScoreThreshold(name, options.layer, options.language).threshold,
    get requests() {
      return requests;
    },
    get pairs() {
      return scored;
    },
    async close() {
      const started = worker;
      worker = undefined;
      if (requests > 0) {
        options.events({
          type: "log",
          level: "info",
          message: `majority vote: ${scored} pairs of free texts scored by BERTScore in ${requests} worker request${requests === 1 ? "" : "s"}`,
        });
      }
      if (started) await (await started.catch(() => undefined))?.close();
    },
  };
}
