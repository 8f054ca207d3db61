// The majority vote on free text with `similarity: bertscore`, on the real worker (the reference
// bert-score package, all-MiniLM-L6-v2 read from its wheel; for Chinese the Qwen teacher's hidden
// states): real reviews against their hand-written paraphrases agree at the calibrated threshold
// and against unrelated reviews do not; in a run, a slot whose samples are two wordings of one
// review and an unrelated one is accepted, a slot of three unrelated reviews is rejected with
// reason no-majority, every pair's F1 is stored with the vote, and the pairs of the votes go to
// the worker in fewer requests than there are votes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import type { SynthforgeEvent } from "../../src/core/events.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { createVoteScorer } from "../../src/pipeline/verify/createVoteScorer.js";
import { createFakeModel } from "../../src/providers/fake/createFakeModel.js";
import { openStore } from "../../src/store/openStore.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(
  readFileSync(path.join(here, "..", "fixtures", "quality", "paraphrasePairs.json"), "utf8"),
) as { en: [string, string][]; zh: [string, string][] };
const config = configFromEnvironment();
const directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-vote-bertscore-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function scoreFixture(language: "en" | "zh") {
  const scorer = createVoteScorer({
    encoder: undefined,
    layer: undefined,
    language,
    directory,
    config,
    events: () => {},
  });
  try {
    const pairs = fixture[language];
    const paraphrases = pairs.map(([original, paraphrase]) => [original, paraphrase] as const);
    const unrelated = pairs.map(
      ([original], index) => [original, pairs[(index + 7) % pairs.length]![1]] as const,
    );
    // Two calls made together: one worker request.
    const [agree, disagree] = await Promise.all([
      scorer.scorePairs(paraphrases),
      scorer.scorePairs(unrelated),
    ]);
    expect(scorer.requests).toBe(1);
    expect(scorer.pairs).toBe(2 * pairs.length);
    return { scorer, agree: agree!, disagree: disagree! };
  } finally {
    await scorer.close();
  }
}

describe("the majority vote's BERTScore on real reviews", () => {
  it("English (all-MiniLM-L6-v2): paraphrases agree at the calibrated 0.5, unrelated reviews do not", async () => {
    const { scorer, agree, disagree } = await scoreFixture("en");
    expect(scorer.defaultThreshold).toBe(0.5);
    expect(scorer.similarity).toBe("bertscore (all-minilm-l6-v2)");
    expect(agree.filter((f1) => f1 >= 0.5).length).toBeGreaterThanOrEqual(28);
    expect(disagree.filter((f1) => f1 >= 0.5)).toEqual([]);
  });

  it("Chinese (the Qwen teacher's layer 8): paraphrases agree at the calibrated 0.72, unrelated reviews almost never", async () => {
    const { scorer, agree, disagree } = await scoreFixture("zh");
    expect(scorer.defaultThreshold).toBe(0.72);
    expect(agree.filter((f1) => f1 >= 0.72).length).toBeGreaterThanOrEqual(29);
    expect(disagree.filter((f1) => f1 >= 0.72).length).toBeLessThanOrEqual(2);
  });
});

describe("a run whose majority vote compares free text by BERTScore", () => {
  it("accepts the slots whose samples say the same thing, rejects the others, and batches the pairs", async () => {
    // Slot i draws 3 samples: for the first 4 slots a review, its paraphrase and an unrelated
    // review (2 of 3 agree); for the last 2, three unrelated reviews (none agree).
    const agreeing = [0, 1, 2, 3];
    const samplesOf = (item: number): string[] => {
      const [original, paraphrase] = fixture.en[item]!;
      if (agreeing.includes(item)) return [original, paraphrase, fixture.en[item + 10]![0]];
      return [original, fixture.en[item + 10]![1], fixture.en[item + 20]![0]];
    };
    const drawn = new Map<number, number>();
    const model = createFakeModel({
      parallelism: 6,
      respond(request) {
        const prompt = request.messages.map((message) => message.content).join("\n");
        const item = Number(/Review number (\d+)\./.exec(prompt)![1]);
        const count = drawn.get(item) ?? 0;
        drawn.set(item, count + 1);
        return { text: samplesOf(item)[count % 3] };
      },
    });
    const { recipe, ...loaded } = parseRecipe(
      `name: vote-bertscore
output:
  schema:
    type: object
    properties:
      text: {type: string}
    required: [text]
dimensions:
  item: ["0", "1", "2", "3", "4", "5"]
plan:
  count: 6
  strategy: balanced
  steer: false
template:
  prompt: "Review number {{ item }}. Write one restaurant review."
generation:
  maxAttempts: 1
judge:
  enabled: false
strategies:
  majorityVote: {samples: 3, minimumAgreement: 2, similarity: bertscore}
  rounds: {maximum: 1}
`,
      path.join(directory, "recipe.yaml"),
    );
    const events: SynthforgeEvent[] = [];
    const store = openStore(path.join(directory, "store.sqlite"));
    try {
      await runRecipe(
        { recipe, ...loaded },
        { store, model, config, events: (event) => events.push(event), skipExport: true },
      );
      const records = store.listRecords(store.listRuns()[0]!.id);
      expect(records).toHaveLength(6);
      const bySlot = new Map(records.map((record) => [record.provenance.slotIndex, record]));
      for (const record of records) {
        const item = Number(record.provenance.cell.item);
        const vote = record.decisions.find((decision) => decision.check === "majority-vote")!;
        expect(vote.details).toMatchObject({ similarity: "bertscore (all-minilm-l6-v2)", threshold: 0.5 });
        const scores = (vote.details as { scores: { samples: number[]; score: number }[] }).scores;
        expect(scores).toHaveLength(3);
        if (agreeing.includes(item)) {
          expect(record.status, `slot ${item}: ${JSON.stringify(scores)}`).toBe("accepted");
          expect(scores.find((pair) => pair.samples.join() === "0,1")!.score).toBeGreaterThanOrEqual(0.5);
        } else {
          expect(record.status, `slot ${item}: ${JSON.stringify(scores)}`).toBe("rejected");
          expect(record.reason).toBe("no-majority");
          expect(scores.every((pair) => pair.score < 0.5)).toBe(true);
        }
      }
      expect(bySlot.size).toBe(6);
      const line = events.find(
        (event) => event.type === "log" && event.message.startsWith("majority vote: 18 pairs"),
      );
      expect(line).toBeDefined();
      const requests = Number(/in (\d+) worker request/.exec((line as { message: string }).message)![1]);
      expect(requests).toBeLessThan(6);
    } finally {
      store.close();
    }
  });
});
