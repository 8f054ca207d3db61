import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewOutputYaml } from "../../../test/support/labelledRecipe.js";
import { configFromEnvironment } from "../../core/config.js";
import type { SynthforgeEvent } from "../../core/events.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { GenerateRequest } from "../../providers/LanguageModel.js";
import { builtInPrices, costOf } from "../../providers/openai-compatible/priceTable.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { createQualityHook } from "../verify/createQualityHook.js";
import type { RoundHook } from "./RoundHook.js";
import { runRecipe } from "./runRecipe.js";

let directory: string;
let store: SqliteStore;
const config = configFromEnvironment({});

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-engine-"));
  store = openStore(path.join(directory, "store.sqlite"));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function reviews(strategies: string, count = 8, extra = "") {
  return parseRecipe(
    `
name: reviews
${reviewOutputYaml}dimensions:
  label: [positive, negative]
  domain: [restaurant, product]
plan: { count: ${count}, seed: 3 }
template:
  system: You write short reviews.
  phrasings:
    - "Write a {{ label }} review of a {{ domain }}."
    - "Please write a {{ label }} review of a {{ domain }}."
generation: { maxAttempts: 2 }
judge: { enabled: false }
strategies:
${strategies}
${extra}
`,
    path.join(directory, "reviews.yaml"),
  );
}

/** A review of the label and domain the prompt asks for; every seed gives a different text. */
const follow = (request: GenerateRequest) => {
  const prompt = request.messages.at(-1)!.content;
  const [, label, domain] = /a (\w+) review of a (\w+)/.exec(prompt)!;
  return {
    text: `A ${label} note about the ${domain}, number ${request.sampling.seed} ${request.sampling.seed % 97}.`,
    label,
  };
};

const run = (
  loaded: ReturnType<typeof reviews>,
  model: ReturnType<typeof createFakeModel>,
  events?: SynthforgeEvent[],
  hooks: RoundHook[] = [],
) =>
  runRecipe(loaded, {
    store,
    model,
    config,
    skipExport: true,
    cwd: directory,
    hooks,
    ...(events ? { events: (event: SynthforgeEvent) => events.push(event) } : {}),
  });

describe("the generation engine in a run", () => {
  it("makes the configured share of slots negative, marks them in provenance, and flips labels", async () => {
    const model = createFakeModel({ respond: follow, parallelism: 2 });
    const summary = await run(
      reviews("  negatives: { share: 0.25, kinds: [label-flip, near-miss] }", 8, "  rounds: { maximum: 2 }"),
      model,
    );
    expect(summary.accepted).toBe(8);
    const records = store.listRecords(summary.runId, { status: "accepted" });
    const negatives = records.filter((record) => record.provenance.strategy.startsWith("negative:"));
    expect(negatives.map((record) => record.provenance.strategy).sort()).toEqual([
      "negative:label-flip",
      "negative:near-miss",
    ]);
    const flipped = negatives.find((record) => record.provenance.strategy === "negative:label-flip")!;
    expect(flipped.data?.label).not.toBe(flipped.provenance.cell.label);
    const nearMiss = negatives.find((record) => record.provenance.strategy === "negative:near-miss")!;
    expect(nearMiss.provenance.messages.at(-1)!.content).toContain("near miss");
    for (const record of records.filter((each) => each.provenance.strategy === "plain")) {
      expect(record.data?.label).toBe(record.provenance.cell.label);
    }
  });

  it("draws k samples per slot, accepts when two agree, and stores and reports the agreement", async () => {
    // The third sample of every slot answers with the other label: 2 of 3 agree.
    const model = createFakeModel({
      parallelism: 3,
      respond: (request, call) => {
        const answer = follow(request);
        if (call % 3 !== 2) return answer;
        return { ...answer, label: answer.label === "positive" ? "negative" : "positive" };
      },
    });
    const events: SynthforgeEvent[] = [];
    const summary = await run(reviews("  majorityVote: { samples: 3 }", 4), model, events);
    expect(summary.accepted).toBe(4);
    expect(summary.modelCalls).toBe(12);
    const records = store.listRecords(summary.runId);
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(record.provenance.strategy).toBe("majority-vote");
      const vote = record.decisions.find((decision) => decision.check === "majority-vote")!;
      expect(vote.decision).toBe("pass");
      expect(vote.details).toMatchObject({ samples: 3, agreeing: 2 });
      expect(record.data?.label).toBe(record.provenance.cell.label);
    }
    const roundEnd = events.find((event) => event.type === "round-end");
    expect(roundEnd?.type === "round-end" && roundEnd.summary["vote agreement"]).toBeCloseTo(2 / 3, 3);
  });

  it("rejects a slot whose samples do not agree", async () => {
    const labels = ["positive", "negative", "positive", "negative"];
    const model = createFakeModel({
      parallelism: 3,
      respond: (request, call) => ({ ...follow(request), label: labels[call % 2] }),
    });
    const summary = await run(
      reviews("  majorityVote: { samples: 2, minimumAgreement: 2 }\n  rounds: { maximum: 1 }", 2),
      model,
    );
    const rejected = store.listRecords(summary.runId, { status: "rejected" });
    expect(rejected.length).toBeGreaterThan(0);
    expect(
      rejected.every((record) => record.reason === "no-majority" || record.reason === "label-mismatch"),
    ).toBe(true);
    expect(
      rejected.some((record) =>
        record.decisions.some(
          (decision) => decision.check === "majority-vote" && decision.decision === "reject",
        ),
      ),
    ).toBe(true);
  });

  it("raises the temperature and switches phrasings after a low-diversity round, with a summary line per round", async () => {
    // Every slot gets the same text: round 1 accepts one record per cell and sees duplicates.
    const model = createFakeModel({
      parallelism: 1,
      respond: (request) => ({
        ...follow(request),
        text: `Same text for the ${follow(request).label} case.`,
      }),
    });
    const events: SynthforgeEvent[] = [];
    const summary = await run(
      reviews("  rounds: { maximum: 2, entropyTarget: 6, temperatureStep: 0.2 }", 4),
      model,
      events,
      [createQualityHook({ reportDirectory: false, enforceGates: false })],
    );
    const ends = events.filter((event) => event.type === "round-end");
    expect(ends).toHaveLength(2);
    const first = ends[0]!.type === "round-end" ? ends[0]!.summary : {};
    expect(first.next).toMatch(/low diversity: phrasing rotated, temperature 0\.70→0\.90/);
    expect(first.entropy).toBeLessThan(6);
    expect(first["next temperature"]).toBe(0.9);
    expect(first["phrasing offset"]).toBe(1);
    const secondRound = store.listRecords(summary.runId).filter((record) => record.provenance.round === 2);
    expect(secondRound.length).toBeGreaterThan(0);
    for (const record of secondRound) expect(record.provenance.sampling.temperature).toBeCloseTo(0.9, 6);
    const secondRoundPrompt = secondRound[0]!.provenance.messages.at(-1)!.content;
    const slot = secondRound[0]!.provenance.slotIndex;
    const roundOnePrompt = store
      .listRecords(summary.runId)
      .find((record) => record.provenance.round === 1 && record.provenance.slotIndex === slot)!
      .provenance.messages.at(-1)!.content;
    expect(secondRoundPrompt.startsWith("Please")).toBe(!roundOnePrompt.startsWith("Please"));
  });

  it("continues a resumed run with the temperature and phrasing its last round chose", async () => {
    const model = createFakeModel({
      parallelism: 1,
      respond: (request) => ({
        ...follow(request),
        text: `Same text for the ${follow(request).label} case.`,
      }),
    });
    const loaded = reviews("  rounds: { maximum: 2, entropyTarget: 6, temperatureStep: 0.2 }", 4);
    const quality = [createQualityHook({ reportDirectory: false, enforceGates: false })];
    const first = await run(loaded, model, undefined, quality);
    expect(first.accepted).toBeLessThan(4);
    const calls = model.requests.length;
    await run(loaded, model, undefined, quality);
    // Its first round goes on at 0.9, the temperature the first invocation's round 1 raised it to.
    expect(model.requests[calls]?.sampling.temperature).toBeCloseTo(0.9, 6);
  });

  it("stops when the cost budget is spent and says so", async () => {
    // Priced like gpt-4o-mini: the engine asks the model what its usage cost.
    const model = createFakeModel({
      respond: () => ({ text: "x", label: "positive" }),
      parallelism: 1,
      costOf: (usage) => costOf(usage, builtInPrices["gpt-4o-mini"]),
    });
    const events: SynthforgeEvent[] = [];
    const loaded = reviews("  rounds: { maximum: 5, maxCost: 0.000001 }", 4);
    const summary = await run(loaded, model, events);
    expect(summary.accepted).toBeLessThan(4);
    expect(events.filter((event) => event.type === "round-end")).toHaveLength(1);
    const warning = events.find((event) => event.type === "log" && event.level === "warn");
    expect(warning?.type === "log" && warning.message).toMatch(/cost budget reached/);
  });

  it("interleaves cells from the first slot on, so a short round still covers every cell", async () => {
    const model = createFakeModel({ respond: follow, parallelism: 1 });
    await run(reviews("  rounds: { maximum: 1 }", 8), model);
    const cells = model.requests
      .slice(0, 4)
      .map((request) =>
        /a (\w+) review of a (\w+)/.exec(request.messages.at(-1)!.content)!.slice(1).join("/"),
      );
    expect(new Set(cells).size).toBe(4);
  });
});

describe("self-instruct and evolution in a run", () => {
  function instructions(strategies: string, count: number) {
    writeFileSync(
      path.join(directory, "seeds.jsonl"),
      [
        { instruction: "Explain how a kettle boils water.", input: "", output: "It heats an element." },
        {
          instruction: "List three uses of baking soda.",
          input: "",
          output: "Cleaning, baking, deodorising.",
        },
      ]
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    return parseRecipe(
      `
name: tasks
description: Instruction-following data.
task: instruction
output:
  schema:
    type: object
    properties:
      instruction: { type: string, minLength: 3 }
      input: { type: string }
      output: { type: string, minLength: 1 }
    required: [instruction, input, output]
  textField: output
plan: { count: ${count}, seed: 5 }
template:
  prompt: "Write one instruction with its input and output."
seeds: { file: seeds.jsonl, perPrompt: 1 }
generation: { maxAttempts: 3 }
judge: { enabled: false }
strategies:
${strategies}
`,
      path.join(directory, "tasks.yaml"),
    );
  }

  it("asks for new instructions from rotated examples and rejects near-copies as not novel", async () => {
    const texts = [
      "Describe the water cycle for a child.",
      "Describe the water cycle for a small child.",
      "Write a haiku about autumn leaves falling.",
    ];
    const model = createFakeModel({
      parallelism: 1,
      respond: (_request, call) => ({
        instruction: texts[call % texts.length],
        input: "",
        output: "An answer.",
      }),
    });
    const summary = await run(instructions("  selfInstruct: { examplesPerPrompt: 2 }", 2), model);
    expect(summary.accepted).toBe(2);
    expect(model.requests[0]!.messages.at(-1)!.content).toContain("Here are some task instructions");
    const rejected = store.listRecords(summary.runId, { status: "rejected" });
    expect(rejected.map((record) => record.reason)).toEqual(["not-novel"]);
    expect(rejected[0]!.decisions.find((decision) => decision.check === "novelty")?.reason).toMatch(
      /ROUGE-L/,
    );
    const accepted = store.listRecords(summary.runId, { status: "accepted" });
    expect(accepted.map((record) => record.provenance.strategy)).toEqual(["self-instruct", "self-instruct"]);
  });

  it("evolves accepted instructions in the configured share of slots", async () => {
    const topics = ["volcanoes", "tax law", "jazz chords", "sourdough", "orbital decay", "chess openings"];
    const model = createFakeModel({
      parallelism: 1,
      respond: (request, call) => {
        const evolving = request.messages.at(-1)!.content.includes("Original instruction");
        return {
          instruction: evolving
            ? `Compare ${topics[call % topics.length]} with ${topics[(call + 2) % topics.length]} in two steps.`
            : `Summarise what you know about ${topics[call % topics.length]}.`,
          input: "",
          output: "Done.",
        };
      },
    });
    const summary = await run(instructions("  evolution: { share: 0.5, kinds: [deepen] }", 4), model);
    expect(summary.accepted).toBe(4);
    const accepted = store.listRecords(summary.runId, { status: "accepted" });
    const evolved = accepted.filter((record) => record.provenance.strategy === "evolution:deepen");
    expect(evolved).toHaveLength(2);
    for (const record of evolved) {
      expect(record.provenance.messages.at(-1)!.content).toContain("harder to answer well");
      expect(record.provenance.template.id).toBe("strategy/evolution-deepen");
    }
  });
});

describe("hard cases of fine-grained labels (strategies.confusable)", () => {
  it("writes the marked share of slots close to the label whose name is nearest, and the rest plain", async () => {
    const loaded = parseRecipe(
      `
name: intents
description: Bank support messages by intent.
output:
  schema:
    type: object
    properties:
      text: { type: string, minLength: 5 }
      label: { type: string, enum: [card_arrival, card_delivery_estimate, exchange_rate] }
    required: [text, label]
  labelField: label
labels:
  card_delivery_estimate: How long a new card takes to be delivered.
dimensions:
  label: [card_arrival, card_delivery_estimate, exchange_rate]
  domain: [app]
plan: { count: 6, seed: 3 }
template:
  phrasings: ["Write a {{ label }} review of a {{ domain }}."]
generation: { maxAttempts: 2 }
judge: { enabled: false }
strategies:
  confusable: { share: 1 }
`,
      path.join(directory, "intents.yaml"),
    );
    const summary = await run(loaded, createFakeModel({ respond: follow, parallelism: 2 }));
    expect(summary.accepted).toBe(6);
    const records = store.listRecords(summary.runId, { status: "accepted" });
    const byLabel = (label: string) => records.filter((record) => record.provenance.cell.label === label);
    for (const record of byLabel("card_arrival")) {
      expect(record.provenance.strategy).toBe("confusable:card_delivery_estimate");
      // The partner's meaning from the labels section is in the instruction.
      expect(record.provenance.messages.at(-1)!.content).toContain(
        'close in topic and wording to "card_delivery_estimate" (How long a new card takes to be delivered.), yet still clearly "card_arrival"',
      );
    }
    for (const record of byLabel("card_delivery_estimate"))
      expect(record.provenance.strategy).toBe("confusable:card_arrival");
    // No other label shares a word with exchange_rate: its slots get the plain prompt, marked plain.
    for (const record of byLabel("exchange_rate")) {
      expect(record.provenance.strategy).toBe("plain");
      expect(record.provenance.messages.at(-1)!.content).not.toContain("hard case");
    }
  });
});
