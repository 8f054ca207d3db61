import { parentPort, workerData } from "node:worker_threads";
import { segmentWords } from "../../core/text/segmentWords.js";

/**
 * What `segmentInBackground` hands each worker thread. The texts are copied into the thread;
 * `skip` and `counter` are shared memory that every thread and the caller see:
 *
 * - `counter` (one Int32): the index of the first text no thread has claimed yet. A thread
 *   claims the next `block` texts with `Atomics.add(counter, 0, block)`, so threads share the
 *   work block by block and a thread started late takes only what is left.
 * - `skip` (one byte per text): 1 means the caller no longer needs the text (the filters
 *   rejected it meanwhile), so a thread that has not reached it yet leaves it unsegmented.
 */
export interface SegmentWorkerData {
  task: "segment-texts";
  texts: readonly string[];
  locale: string;
  block: number;
  skip: SharedArrayBuffer;
  counter: SharedArrayBuffer;
}

/**
 * A thread's answer: the first index of each block it claimed, in order, and the words of
 * those blocks' texts as one string (words joined by U+0000, texts by U+0001; a skipped text
 * is empty). One string is far cheaper to pass between threads than an array of arrays.
 */
export interface SegmentWorkerAnswer {
  starts: number[];
  joined: string;
}

/** Claims blocks of texts until none is left and segments them with `segmentWords`. */
export function segmentClaimedBlocks(data: SegmentWorkerData): SegmentWorkerAnswer {
  const { texts, locale, block } = data;
  const skip = new Uint8Array(data.skip);
  const counter = new Int32Array(data.counter);
  const starts: number[] = [];
  const out: string[] = [];
  for (
    let start = Atomics.add(counter, 0, block);
    start < texts.length;
    start = Atomics.add(counter, 0, block)
  ) {
    starts.push(start);
    for (let index = start; index < Math.min(texts.length, start + block); index += 1) {
      out.push(Atomics.load(skip, index) === 1 ? "" : segmentWords(texts[index]!, locale).join("\u0000"));
    }
  }
  return { starts, joined: out.join("\u0001") };
}

// Started as a worker thread by segmentInBackground (and only then: importing this module elsewhere does nothing).
if (parentPort && (workerData as Partial<SegmentWorkerData> | null)?.task === "segment-texts") {
  parentPort.postMessage(segmentClaimedBlocks(workerData as SegmentWorkerData));
}
