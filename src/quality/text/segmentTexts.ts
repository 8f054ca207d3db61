import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { segmentWords } from "../../core/segmentWords.js";

/** Texts a worker claims at a time from the shared counter. */
const block = 256;

// Runs in a worker thread: claims blocks of texts from a counter in shared memory until none is
// left, and answers with the block starts and one string, words separated by U+0000 and texts
// by U+0001, which is far cheaper to pass back than an array of arrays. Before each text it
// reads the text's flag in shared memory: a text flagged as no longer needed (rejected by the
// filters meanwhile) is not segmented and comes back empty.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { texts, locale, block } = workerData;
const segmenter = new Intl.Segmenter(locale, { granularity: "word" });
const skip = new Uint8Array(workerData.skip);
const counter = new Int32Array(workerData.counter);
const starts = [];
const out = [];
for (let start = Atomics.add(counter, 0, block); start < texts.length; start = Atomics.add(counter, 0, block)) {
  starts.push(start);
  for (let index = start; index < Math.min(texts.length, start + block); index += 1) {
    if (Atomics.load(skip, index) === 1) {
      out.push("");
      continue;
    }
    const words = [];
    for (const segment of segmenter.segment(texts[index])) if (segment.isWordLike) words.push(segment.segment.toLowerCase());
    out.push(words.join("\\u0000"));
  }
}
parentPort.postMessage({ starts, joined: out.join("\\u0001") });
`;

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
 * `widen` adds one later. The caller's thread stays free for other work meanwhile.
 */
export function segmentInBackground(
  texts: readonly string[],
  locale: string,
  options: { threads?: number } = {},
): BackgroundSegmentation {
  const skip = new Uint8Array(new SharedArrayBuffer(Math.max(1, texts.length)));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const result: string[][] = new Array(texts.length);
  const running: Promise<void>[] = [];
  let started = 0;
  const start = () => {
    if (started >= 4 || Atomics.load(counter, 0) >= texts.length) return;
    started += 1;
    running.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerSource, {
          eval: true,
          workerData: { texts, locale, block, skip: skip.buffer, counter: counter.buffer },
        });
        worker.once("message", ({ starts, joined }: { starts: number[]; joined: string }) => {
          const parts = joined === "" && starts.length === 0 ? [] : joined.split("\u0001");
          let part = 0;
          for (const from of starts) {
            for (let index = from; index < Math.min(texts.length, from + block); index += 1) {
              const text = parts[part++]!;
              result[index] = text === "" ? [] : text.split("\u0000");
            }
          }
          resolve();
          void worker.terminate();
        });
        worker.once("error", reject);
        // Settles nothing if the message came first; otherwise the thread died without answering.
        worker.once("exit", (code) =>
          reject(new Error(`A word segmentation worker thread exited with code ${code} before answering.`)),
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
    for (let index = 0; index < texts.length; index += 1) result[index] ??= [];
    return result;
  };
  return { words: settle(), widen: start, skip };
}

/**
 * Segments many texts into lower-cased words (as segmentWords does). `Intl.Segmenter` costs
 * about 60 µs per short Chinese text, so large inputs are split over worker threads (one per
 * core, at most 4); small ones stay in this thread.
 */
export async function segmentTexts(
  texts: readonly string[],
  locale: string,
  options: { parallelAbove?: number } = {},
): Promise<string[][]> {
  if (texts.length < (options.parallelAbove ?? 20_000) || availableParallelism() < 2) {
    return texts.map((text) => segmentWords(text, locale));
  }
  return segmentInBackground(texts, locale).words;
}
