import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BadInputCaseDefinition, BadInputClass } from "../../test/support/badInputCase.js";
import { fixtureRunId, fixtureSampleFile, prepareFixture } from "../../test/support/badInputFixture.js";

/** The record ids the `sampled` fixture draws, in the order it writes them. */
async function sampledIds(): Promise<string[]> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-corpus-"));
  try {
    await prepareFixture(directory, "sampled");
    return readFileSync(path.join(directory, fixtureSampleFile), "utf8")
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { id: string }).id);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const lines = (...reviews: object[]) => reviews.map((review) => `${JSON.stringify(review)}\n`).join("");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Review files that must store nothing: verdicts for records never sampled, rejected or unknown. */
export const reviewImport: BadInputClass = {
  name: "review-import",
  description: "review files whose verdicts must not count: records never sampled, rejected or unknown",
  cases: async (): Promise<BadInputCaseDefinition[]> => {
    const sampled = await sampledIds();
    const accepted = Array.from(
      { length: 40 },
      (_, index) => `${fixtureRunId}-${String(index).padStart(4, "0")}`,
    );
    const unsampled = accepted.find((id) => !sampled.includes(id))!;
    const rejected = `${fixtureRunId}-0041`;
    const run = escapeRegExp(fixtureRunId);
    return [
      {
        name: "verdict-never-sampled",
        summary: "a verdict for an accepted record that was never drawn into the spot-check sample",
        args: ["review", "import", "verdicts.jsonl"],
        fixture: "sampled",
        files: {
          "verdicts.jsonl": lines(
            { id: sampled[0], verdict: "correct" },
            { id: unsampled, verdict: "wrong", reason: "label is wrong" },
          ),
        },
        exitCode: 2,
        message: new RegExp(
          `^verdicts\\.jsonl:2: record id "${escapeRegExp(unsampled)}" was never drawn for review; expected ids of the spot-check sample of run ${run} \\(the latest in \\S+\\)`,
        ),
      },
      {
        name: "verdict-for-rejected-record",
        summary: "a verdict for a rejected record, with --run",
        args: ["review", "import", "verdicts.jsonl", "--run", fixtureRunId],
        fixture: "sampled",
        files: {
          "verdicts.jsonl": lines(
            { id: sampled[0], verdict: "correct" },
            { id: rejected, verdict: "correct" },
          ),
        },
        exitCode: 2,
        message: new RegExp(
          `^verdicts\\.jsonl:2: record id "${escapeRegExp(rejected)}" was rejected \\(duplicate\\), so it takes no verdict; expected ids of the spot-check sample of run ${run}$`,
        ),
      },
      {
        name: "verdict-before-any-sample",
        summary: "verdicts imported before any spot-check sample was drawn",
        args: ["review", "import", "verdicts.csv"],
        fixture: "run",
        files: { "verdicts.csv": `id,verdict,reason\n${accepted[0]},correct,\n` },
        exitCode: 2,
        message: new RegExp(
          `^verdicts\\.csv:2: record id "${escapeRegExp(accepted[0]!)}" was never drawn for review: run ${run} \\(the latest in \\S+\\) has no spot-check sample yet; run \`synthforge review sample\` first$`,
        ),
      },
      {
        name: "verdict-for-unknown-record",
        summary: "a verdict for a record id the run does not have",
        args: ["review", "import", "verdicts.jsonl"],
        fixture: "sampled",
        files: { "verdicts.jsonl": lines({ id: "reviews-000000000000-0001", verdict: "correct" }) },
        exitCode: 2,
        message: new RegExp(
          `^verdicts\\.jsonl:1: record id "reviews-000000000000-0001" is not a record of run ${run} \\(the latest in \\S+\\)$`,
        ),
      },
      {
        name: "verdict-not-a-verdict",
        summary: "a verdict that is neither correct nor wrong, after good lines",
        args: ["review", "import", "verdicts.jsonl"],
        fixture: "sampled",
        files: {
          "verdicts.jsonl": lines(
            { id: sampled[0], verdict: "correct" },
            { id: sampled[1], verdict: "fine" },
          ),
        },
        exitCode: 2,
        message: /^verdicts\.jsonl:2: field `verdict` must be "correct" or "wrong"$/,
      },
    ];
  },
};
