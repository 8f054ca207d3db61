import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { createYieldPoint } from "../../core/concurrency/createYieldPoint.js";
import { startModuleWorker } from "../../core/concurrency/startModuleWorker.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { segmentWords } from "../../core/text/segmentWords.js";
import type { SegmentWorkerAnswer, SegmentWorkerData } from "./segmentTextsWorker.js";

/** Texts a worker claims at a time from the shared counter. */
const block = 256;

/** A segmentation running in worker threads. */
export interface BackgroundSegmentation {
  /** Each text's lower-cased words (none for a text skipped through its flag). */
  words: Promise<string[][]>;
  /** Starts one more worker on what is left (e.g. once the caller's own work is done); at most 4 in all. */
  widen(): void;
  /**
   * One flag per text in shared memory: a text whose flag is set to 1 (`Atomics.store`) before
   * a worker reaches it is not segmented. Lets a caller drop texts it learns it will not need.
   */
  skip: Uint8Array;
}

/**
 * Segments many texts into lower-cased words (as segmentWords does) in worker threads that
 * share the work block by block, starting with `threads` workers [one per core, at most 4];
 * `widen` adds one later. The caller's thread stays free for other work meanwhile. Aborting
 * `signal` ends the threads at once.
 */
export function segmentInBackground(
  texts: readonly string[],
  locale: string,
  options: { threads?: number; signal?: AbortSignal } = {},
): BackgroundSegmentation {
  const skip = new Uint8Array(new SharedArrayBuffer(Math.max(1, texts.length)));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const result: string[][] = new Array(texts.length);
  const running: Promise<void>[] = [];
  const workers = new Set<Worker>();
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const worker of workers) void worker.terminate();
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  let started = 0;
  const start = () => {
    if (stopped || started >= 4 || Atomics.load(counter, 0) >= texts.length) return;
    started += 1;
    running.push(
      new Promise<void>((resolve, reject) => {
        const workerData: SegmentWorkerData = {
          task: "segment-texts",
          texts,
          locale,
          block,
          skip: skip.buffer as SharedArrayBuffer,
          counter: counter.buffer as SharedArrayBuffer,
        };
        const worker = startModuleWorker(new URL("./segmentTextsWorker.js", import.meta.url), { workerData });
        workers.add(worker);
        worker.once("message", ({ starts, joined }: SegmentWorkerAnswer) => {
          const parts = joined === "" && starts.length === 0 ? [] : joined.split("\u0001");
          let part = 0;
          for (const from of starts) {
            for (let index = from; index < Math.min(texts.length, from + block); index += 1) {
              const text = parts[part++]!;
              result[index] = text === "" ? [] : text.split("\u0000");
            }
          }
          resolve();
          workers.delete(worker);
          void worker.terminate();
        });
        worker.once("error", reject);
        // Settles nothing if the message came first; otherwise the thread was ended or died without answering.
        worker.once("exit", (code) =>
          reject(
            stopped
              ? new CancelledError()
              : new Error(`A word segmentation worker thread exited with code ${code} before answering.`),
          ),
        );
      }),
    );
  };
  const threads = Math.max(1, Math.min(4, options.threads ?? availableParallelism()));
  for (let thread = 0; thread < threads; thread += 1) start();
  // Workers started later join the array of promises; wait until none is left running.
  const settle = async (): Promise<string[][]> => {
    for (let seen = 0; seen < running.length; ) {
      const batch = running.slice(seen);
      seen = running.length;
      await Promise.all(batch);
    }
    options.signal?.removeEventListener("abort", stop);
    for (let index = 0; index < texts.length; index += 1) result[index] ??= [];
    return result;
  };
  const words = settle();
  // A caller that stops early (an error elsewhere, Ctrl-C) may never await `words`.
  words.catch(() => {});
  return { words, widen: start, skip };
}

/**
 * Segments many texts into lower-cased words (as segmentWords does). `Intl.Segmenter` costs
 * about 60 µs per short Chinese text, so large inputs are split over worker threads (one per
 * core, at most 4); small ones stay in this thread, which lets the event loop run every 50 ms
 * (Ctrl-C keeps working). Aborting `signal` stops either with CancelledError.
 */
export async function segmentTexts(
  texts: readonly string[],
  locale: string,
  options: { parallelAbove?: number; signal?: AbortSignal } = {},
): Promise<string[][]> {
  if (texts.length < (options.parallelAbove ?? 20_000) || availableParallelism() < 2) {
    const pause = createYieldPoint(options.signal);
    const words: string[][] = [];
    for (const text of texts) {
      await pause();
      words.push(segmentWords(text, locale));
    }
    return words;
  }
  return segmentInBackground(texts, locale, { signal: options.signal }).words;
}
