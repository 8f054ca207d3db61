import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { segmentWords } from "./segmentWords.js";

// Runs in a worker thread: segments its texts and answers with one string, words separated by
// U+0000 and texts by U+0001, which is far cheaper to pass back than an array of arrays.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const segmenter = new Intl.Segmenter(workerData.locale, { granularity: "word" });
const out = [];
for (const text of workerData.texts) {
  const words = [];
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words.push(segment.segment.toLowerCase());
  out.push(words.join("\\u0000"));
}
parentPort.postMessage(out.join("\\u0001"));
`;

function runWorker(texts: readonly string[], locale: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { texts, locale } });
    worker.once("message", (joined: string) => {
      resolve(joined.split("\u0001").map((text) => (text === "" ? [] : text.split("\u0000"))));
      void worker.terminate();
    });
    worker.once("error", reject);
  });
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
  const threads = Math.min(4, availableParallelism());
  if (texts.length < (options.parallelAbove ?? 20_000) || threads < 2) {
    return texts.map((text) => segmentWords(text, locale));
  }
  const size = Math.ceil(texts.length / threads);
  const chunks = await Promise.all(
    Array.from({ length: threads }, (_, index) =>
      runWorker(texts.slice(index * size, (index + 1) * size), locale),
    ),
  );
  return chunks.flat();
}
