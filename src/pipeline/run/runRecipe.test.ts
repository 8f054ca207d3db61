import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewOutputYaml } from "../../../test/support/labelledRecipe.js";
import { configFromEnvironment } from "../../core/config.js";
import { CancelledError } from "../../core/errors/CancelledError.js";
import type { SynthforgeEvent } from "../../core/events.js";
import { parseRecipe } from "../../core/recipe/loadRecipe.js";
import { decodingSchema } from "../../generate/decodingSchema.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { GenerateRequest } from "../../providers/LanguageModel.js";
import { openStore } from "../../store/openStore.js";
import type { SqliteStore } from "../../store/SqliteStore.js";
import { runIdFor } from "./runIdFor.js";
import { runRecipe } from "./runRecipe.js";

let directory: string;
let store: SqliteStore;
const config = configFromEnvironment({});

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-run-"));
  store = openStore(path.join(directory, "store.sqlite"));
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function recipe(extra = "", count = 8) {
  return parseRecipe(
    `
name: demo
${reviewOutputYaml}model: { apiKey: sk-secret-value }
dimensions:
  label: [positive, negative]
  domain: [restaurant, product]
plan: { count: ${count}, seed: 3 }
template:
  system: You write short reviews.
  prompt: "Write a {{ label }} review of a {{ domain }}."
generation: { maxAttempts: 2 }
judge: { enabled: false }
export: { formats: [jsonl, alpaca], split: { train: 0.5, validation: 0.25, test: 0.25 } }
${extra}
`,
    path.join(directory, "demo.yaml"),
  );
}

/** Answers with a review of the label the prompt asks for. */
const follow = (request: GenerateRequest) => {
  const prompt = request.messages.at(-1)!.content;
  const [, label, domain] = /Write a (\w+) review of a (\w+)/.exec(prompt)!;
  return { text: `A ${label} note about the ${domain} (seed ${request.sampling.seed}).`, label };
};

describe("runRecipe", () => {
  it("generates exactly the planned records, each with its provenance, and exports them", async () => {
    const model = createFakeModel({ respond: follow, parallelism: 3 });
    const events: SynthforgeEvent[] = [];
    const loaded = recipe();
    const summary = await runRecipe(loaded, {
      store,
      model,
      config,
      events: (event) => events.push(event),
      cwd: directory,
    });

    expect(summary).toMatchObject({ accepted: 8, rejected: 0, modelCalls: 8 });
    const records = store.listRecords(summary.runId, { status: "accepted" });
    expect(new Set(records.map((record) => record.provenance.slotIndex)).size).toBe(8);
    expect(records.filter((record) => record.data?.label === "positive")).toHaveLength(4);
    const [first] = records;
    expect(first!.provenance).toMatchObject({
      runId: runIdFor(loaded),
      round: 1,
      attempt: 0,
      template: { id: "inline" },
      model: { provider: "fake", id: "fake-model" },
      strategy: "plain",
      sampling: { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 256 },
    });
    expect(first!.provenance.messages[0]).toEqual({ role: "system", content: "You write short reviews." });
    expect(first!.provenance.rawOutput).toContain(String(first!.data!.text));
    expect(model.maxInFlight).toBe(3);
    // Decoding follows the output schema, its label field first and narrowed to the slot's label,
    // its length limits left to the checks.
    for (const request of model.requests) {
      const label = /Write a (\w+) review/.exec(request.messages.at(-1)!.content)?.[1];
      expect(label).toBeDefined();
      expect(request.schema).toEqual(decodingSchema(loaded.recipe.output.schema, "label", label));
    }
    expect(new Set(model.requests.map((request) => request.sampling.seed)).size).toBe(8);
    expect(summary.files.map((file) => path.basename(file)).sort()).toEqual([
      "README.md",
      "manifest.json",
      "provenance.jsonl",
      "test.alpaca.json",
      "test.jsonl",
      "test.parquet",
      "train.alpaca.json",
      "train.jsonl",
      "train.parquet",
      "validation.alpaca.json",
      "validation.jsonl",
      "validation.parquet",
    ]);
    const train = readFileSync(path.join(directory, "out", "demo", "train.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(train).toHaveLength(4);
    expect(events.map((event) => event.type)).toContain("run-end");
    expect(events.filter((event) => event.type === "record")).toHaveLength(8);
    expect(store.getRun(summary.runId)?.status).toBe("completed");
  });

  it("keeps the API key out of the store", async () => {
    const summary = await runRecipe(recipe(), {
      store,
      model: createFakeModel({ respond: follow }),
      config,
      cwd: directory,
    });
    const stored = store.getRun(summary.runId)!;
    expect(JSON.stringify(stored.recipe)).not.toContain("sk-secret-value");
  });

  it("stores unparseable, too short, invalid and off-label outputs as rejected with their reason, and retries the slot", async () => {
    const answers = [
      "not json at all",
      { text: "tiny", label: "positive" },
      { text: 42, label: "positive" },
      "wrong-label",
    ];
    const model = createFakeModel({
      respond: (request, call) => {
        const answer = answers[call];
        if (answer === "wrong-label") {
          const wanted = follow(request).label;
          return { text: "A long enough review.", label: wanted === "positive" ? "negative" : "positive" };
        }
        return answer ?? follow(request);
      },
    });
    const summary = await runRecipe(recipe(), { store, model, config, cwd: directory });
    expect(summary.accepted).toBe(8);
    // Decoding leaves length limits out, so a text under its minLength is a length rejection, not a schema failure.
    expect(summary.rejectedByReason).toEqual({ parse: 1, "too-short": 1, schema: 1, "label-mismatch": 1 });
    const rejected = store.listRecords(summary.runId, { status: "rejected" });
    expect(rejected.map((record) => record.decisions[0]?.check)).toEqual([
      "schema",
      "schema",
      "schema",
      "schema",
    ]);
    expect(rejected[1]!.decisions[0]!.reason).toMatch(/^too-short: field `text` has 4 characters/);
    expect(rejected[2]!.decisions[0]!.reason).toContain("text");
    expect(rejected[3]!.decisions.find((decision) => decision.check === "label")?.decision).toBe("reject");
    expect(rejected[0]!.provenance.rawOutput).toBe("not json at all");
  });

  it("gives exhausted slots fresh attempts in the next round and stops after the last round", async () => {
    const model = createFakeModel({ respond: () => "{}" });
    const loaded = recipe("strategies: { rounds: { maximum: 2 } }", 2);
    const summary = await runRecipe(loaded, { store, model, config, cwd: directory });
    expect(summary.accepted).toBe(0);
    expect(summary.rejected).toBe(2 * 2 * 2);
    expect(store.listSlots(summary.runId).map((slot) => [slot.status, slot.attempts])).toEqual([
      ["exhausted", 4],
      ["exhausted", 4],
    ]);
    expect(store.listRounds(summary.runId).map((round) => round.round)).toEqual([1, 2]);
    expect(store.getRun(summary.runId)?.status).toBe("failed");
    expect(summary.files).toEqual([]);
  });

  it("continues after a crash without repeating or duplicating anything", async () => {
    const loaded = recipe("", 10);
    const crash = new Error("process killed");
    const failing = createFakeModel({
      respond: follow,
      parallelism: 2,
      failOn: (call) => (call >= 4 ? crash : undefined),
    });
    await expect(runRecipe(loaded, { store, model: failing, config, cwd: directory })).rejects.toThrow(crash);
    const before = store.countRecords(runIdFor(loaded)).accepted;
    expect(before).toBeGreaterThanOrEqual(4);

    const model = createFakeModel({ respond: follow, parallelism: 2 });
    const summary = await runRecipe(loaded, { store, model, config, cwd: directory });
    expect(summary.accepted).toBe(10);
    expect(model.requests).toHaveLength(10 - before);
    const records = store.listRecords(summary.runId);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(new Set(records.map((record) => record.provenance.slotIndex)).size).toBe(10);
  });

  it("stops at a safe point when cancelled, and a rerun finishes the run", async () => {
    const loaded = recipe("", 10);
    const abort = new AbortController();
    const model = createFakeModel({
      respond: (request, call) => {
        if (call === 2) abort.abort();
        return follow(request);
      },
    });
    await expect(
      runRecipe(loaded, { store, model, config, signal: abort.signal, cwd: directory }),
    ).rejects.toThrow(CancelledError);
    expect(store.getRun(runIdFor(loaded))?.status).toBe("running");
    const summary = await runRecipe(loaded, {
      store,
      model: createFakeModel({ respond: follow }),
      config,
      cwd: directory,
    });
    expect(summary.accepted).toBe(10);
  });

  it("does not create a model when the run is already complete", async () => {
    const loaded = recipe();
    await runRecipe(loaded, { store, model: createFakeModel({ respond: follow }), config, cwd: directory });
    let created = 0;
    const summary = await runRecipe(loaded, {
      store,
      config,
      cwd: directory,
      createModel: async () => {
        created += 1;
        return createFakeModel({ respond: follow });
      },
    });
    expect(created).toBe(0);
    expect(summary).toMatchObject({ accepted: 8, modelCalls: 0 });
  });

  it("lets round hooks reject records; their slots are filled again in the next round", async () => {
    const loaded = recipe("", 4);
    let rejectedOnce = false;
    const summary = await runRecipe(loaded, {
      store,
      model: createFakeModel({ respond: follow }),
      config,
      cwd: directory,
      hooks: [
        {
          name: "reject-first",
          afterRound(context) {
            context.summary.filtered = 0;
            if (rejectedOnce) return;
            rejectedOnce = true;
            const [first] = context.store.listRecords(context.runId, { status: "accepted" });
            context.store.setRecordStatus(first!.id, "rejected", "duplicate");
            context.summary.filtered = 1;
          },
        },
      ],
    });
    expect(summary).toMatchObject({ accepted: 4, rejectedByReason: { duplicate: 1 } });
    expect(store.listRounds(summary.runId).map((round) => round.summary?.filtered)).toEqual([1, 0]);
  });
});
