import { describe, expect, it } from "vitest";
import { describeOnRealData } from "../../test/fixtures/quality/realData.js";
import { sampleRows, waimaiRows } from "../../test/fixtures/quality/reviewRows.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { qualitySchema } from "../core/recipe/qualitySchema.js";
import { createRandom } from "../core/stats/random.js";
import { segmentWords } from "../core/text/segmentWords.js";
import { selectLargest } from "./adversarial/selectLargest.js";
import { buildQualityReport } from "./buildQualityReport.js";
import type { DatasetRecord } from "./DatasetRecord.js";
import { applyFilters } from "./filters/applyFilters.js";
import { countCharacters } from "./metrics/lengthStats.js";
import { metricTextLimit } from "./text/metricText.js";
import { segmentInBackground, segmentTexts } from "./text/segmentTexts.js";

/** Records of real waimai reviews, with exact copies, edited copies and one phone number planted among them. */
function realRecords(): {
  records: DatasetRecord[];
  reference: { file: string; texts: string[]; labels: string[] };
} {
  const rows = sampleRows(waimaiRows(), 700, 11);
  const random = createRandom(3);
  const texts = rows.slice(0, 400).map((row) => row.text);
  for (let copy = 0; copy < 60; copy += 1) texts.push(texts[Math.floor(random() * 400)]!);
  for (let copy = 0; copy < 60; copy += 1) texts.push(`${texts[Math.floor(random() * 400)]!}。真的`);
  texts.push("送餐太慢了，有事打13812345678");
  const records = texts.map((text, index) => ({
    id: `r${index}`,
    text,
    label: rows[index % 400]!.label,
    cell: {},
    output: rows[index % 400]!.label,
    valid: index % 97 !== 5,
  }));
  const reference = rows.slice(400);
  return {
    records,
    reference: {
      file: "waimai_10k.csv",
      texts: reference.map((row) => row.text),
      labels: reference.map((row) => row.label),
    },
  };
}

/** Straightforward diversity and length metrics of segmented texts: string maps and sets, no interning. */
function straightforward(texts: string[], words: string[][]) {
  const counts = new Map<string, number>();
  const bigrams = new Set<string>();
  let total = 0;
  let bigramTotal = 0;
  for (const text of words) {
    text.forEach((word, index) => {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      total += 1;
      if (index > 0) {
        bigrams.add(`${text[index - 1]}\u0000${word}`);
        bigramTotal += 1;
      }
    });
  }
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / total) * Math.log2(count / total);
  const characters = texts.map(countCharacters).sort((a, b) => a - b);
  return {
    entropy,
    normalizedEntropy: entropy / Math.log2(counts.size),
    vocabularySize: counts.size,
    distinct1: counts.size / total,
    distinct2: bigrams.size / bigramTotal,
    maxCharacters: characters[characters.length - 1],
    minCharacters: characters[0],
  };
}

describeOnRealData("buildQualityReport on real records", () => {
  it("gives the same metrics with segmentation in worker threads as in this thread, and as computed straightforwardly", async () => {
    const { records, reference } = realRecords();
    const input = {
      records,
      source: { kind: "file" as const, file: "test" },
      language: "zh",
      quality: qualitySchema.parse({ sensitive: { action: "redact" } }),
      reference,
    };
    const inWorkers = await buildQualityReport({ ...input, segmentInWorkersAbove: 0 });
    const inThread = await buildQualityReport({ ...input, segmentInWorkersAbove: Number.POSITIVE_INFINITY });
    for (const report of [inWorkers.report, inThread.report]) {
      report.createdAt = "";
      report.timings = {};
    }
    expect(inWorkers.report).toEqual(inThread.report);
    expect(inWorkers.outcome).toEqual(inThread.outcome);
    expect(inWorkers.report.counts.rejectedByReason.duplicate).toBeGreaterThan(0);
    expect(inWorkers.report.adversarial).toBeDefined();

    // The plain way: filter, then segment every accepted text on its own.
    const outcome = await applyFilters(records, {
      language: "zh",
      length: input.quality.length,
      sensitive: input.quality.sensitive,
      nearDuplicateThreshold: input.quality.nearDuplicateThreshold,
    });
    const texts = outcome.kept.map((index) => outcome.verdicts[index]!.text!);
    expect(texts.some((text) => !records.some((record) => record.text === text))).toBe(true);
    const expected = straightforward(
      texts,
      texts.map((text) => segmentWords(text, "zh")),
    );
    const { diversity, length } = inWorkers.report.metrics;
    expect(diversity.entropy).toBeCloseTo(expected.entropy, 10);
    expect(diversity.normalizedEntropy).toBeCloseTo(expected.normalizedEntropy, 10);
    expect(diversity.vocabularySize).toBe(expected.vocabularySize);
    expect(diversity.distinct1).toBe(expected.distinct1);
    expect(diversity.distinct2).toBe(expected.distinct2);
    expect(length.characters.max).toBe(expected.maxCharacters);
    expect(length.characters.min).toBe(expected.minCharacters);
    const referenceExpected = straightforward(
      reference.texts,
      reference.texts.map((text) => segmentWords(text, "zh")),
    );
    expect(inWorkers.report.reference!.diversity.distinct2).toBe(referenceExpected.distinct2);
    expect(inWorkers.report.reference!.diversity.entropy).toBeCloseTo(referenceExpected.entropy, 10);
    // Variety at the same count: as many reference texts as accepted ones (or the reverse).
    const variety = inWorkers.report.variety!;
    expect(variety.texts).toBe(Math.min(texts.length, reference.texts.length));
    expect(variety.ratio.distinct2).toBeCloseTo(variety.dataset.distinct2 / variety.reference.distinct2, 10);
  });

  it("segments in worker threads exactly as in this thread, and skips only the texts flagged", async () => {
    const texts = sampleRows(waimaiRows(), 1500, 7).map((row) => row.text);
    const job = segmentInBackground(texts, "zh", { threads: 1 });
    for (let index = 1; index < texts.length; index += 2) Atomics.store(job.skip, index, 1);
    job.widen();
    const words = await job.words;
    expect(words).toHaveLength(texts.length);
    words.forEach((list, index) => {
      if (index % 2 === 0 || list.length > 0) expect(list).toEqual(segmentWords(texts[index]!, "zh"));
    });
  });
});

describe("buildQualityReport on long texts", () => {
  // Made-up words from a seeded generator: varied enough that no degeneration filter objects.
  const random = createRandom(5);
  const letters = "abcdefghijklmnoprstuvwy";
  const word = () =>
    Array.from(
      { length: 3 + Math.floor(random() * 6) },
      () => letters[Math.floor(random() * letters.length)],
    ).join("");
  const sentence = (count: number) =>
    Array.from(
      { length: count },
      (_, index) => `${word()}${index % 12 === 11 || index === count - 1 ? "." : ""}`,
    ).join(" ");
  const record = (text: string, index: number): DatasetRecord => ({
    id: `r${index}`,
    text,
    label: index % 2 === 0 ? "positive" : "negative",
    cell: {},
    output: text,
    valid: true,
  });

  it("reads at most the metric limit of each record's words, counts its characters in full, and says so", async () => {
    const long = sentence(60_000);
    expect(long.length).toBeGreaterThan(2 * metricTextLimit);
    const records = [
      record(long, 0),
      ...Array.from({ length: 40 }, (_, index) => record(sentence(12 + index), index + 1)),
    ];
    const { report } = await buildQualityReport({
      records,
      source: { kind: "file", file: "long.jsonl" },
      language: "en",
      quality: qualitySchema.parse({}),
    });
    expect(report.counts.accepted).toBe(41);
    expect(report.metrics.length.characters.max).toBe(long.length);
    expect(report.metrics.length.words.max).toBeLessThanOrEqual(metricTextLimit / 2);
    expect(report.metrics.length.words.max).toBeGreaterThan(metricTextLimit / 8);
    expect(report.warnings.join(" ")).toMatch(
      /1 text is longer than 100,000 characters; the word metrics read only its first 100,000/,
    );
  });

  it("lets the event loop run during a long check, and stops with CancelledError when aborted", async () => {
    const records = Array.from({ length: 30 }, (_, index) => record(sentence(15_000), index));
    const abort = new AbortController();
    let timerRan = false;
    // The timer can only fire while the check is still running if the check yields to the event loop.
    setTimeout(() => {
      timerRan = true;
      abort.abort();
    }, 1);
    const settled = await buildQualityReport({
      records,
      source: { kind: "file", file: "long.jsonl" },
      language: "en",
      quality: qualitySchema.parse({}),
      signal: abort.signal,
    }).then(
      () => "finished",
      (error: unknown) => error,
    );
    expect(timerRan).toBe(true);
    expect(settled).toBeInstanceOf(CancelledError);
  });

  it("stops segmentation in worker threads when aborted", async () => {
    const texts = Array.from({ length: 400 }, () => sentence(2000));
    const abort = new AbortController();
    const job = segmentInBackground(texts, "en", { threads: 1, signal: abort.signal });
    abort.abort();
    await expect(job.words).rejects.toBeInstanceOf(CancelledError);
    const inThread = segmentTexts(texts, "en", { signal: AbortSignal.abort() });
    await expect(inThread).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("selectLargest", () => {
  it("lists the same indexes as a stable descending sort, ties by index, with exclusions", () => {
    const random = createRandom(9);
    const scores = Array.from({ length: 5000 }, () => Math.round(random() * 200) / 10 - 10);
    for (const count of [0, 1, 10, 200, 6000]) {
      const sorted = scores
        .map((_, index) => index)
        .filter((index) => scores[index] !== 0)
        .sort((a, b) => Math.abs(scores[b]!) - Math.abs(scores[a]!))
        .slice(0, count);
      expect(
        selectLargest(
          scores.length,
          (index) => Math.abs(scores[index]!),
          count,
          (index) => scores[index] !== 0,
        ),
      ).toEqual(sorted);
    }
  });
});
