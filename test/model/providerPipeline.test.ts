// A whole run through the OpenAI-compatible provider, against `synthforge serve` over the real
// default model, with a fault-injecting proxy in between: the run still ends with exactly the
// planned count and no duplicates, the retries are counted, a repeated run is answered from the
// store's response cache, and the API key written in the recipe is in no file written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import type { SynthforgeEvent } from "../../src/core/events.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { withResponseCache } from "../../src/providers/cache/withResponseCache.js";
import type { EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import {
  createOpenAICompatibleModel,
  type OpenAICompatibleModel,
} from "../../src/providers/openai-compatible/createOpenAICompatibleModel.js";
import { openAICompatibleSettingsFrom } from "../../src/providers/openai-compatible/openAICompatibleSettingsFrom.js";
import { openStore } from "../../src/store/openStore.js";
import { loadDefaultModel } from "../support/loadDefaultModel.js";
import { type ServeStack, startServeStack } from "../support/startServeStack.js";

const apiKey = "sk-synthforge-test-3f9c1e7a2b8d4c6e";
const faults = ["429", "500", "truncate", "reset", "stall", "429-date"] as const;
let directory: string;
let served: EmbeddedModel;
let stack: ServeStack;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-provider-"));
  served = await loadDefaultModel({ parallel: 2 });
  stack = await startServeStack(served, (index) => faults[index] ?? "pass");
});

afterAll(async () => {
  await stack?.close();
  await served?.dispose();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function recipe(name: string) {
  return parseRecipe(
    `
name: ${name}
description: Short kettle reviews with a sentiment label.
model:
  provider: openai-compatible
  name: smollm2-135m-instruct
  baseUrl: ${stack.proxiedUrl}
  apiKey: ${apiKey}
  parallel: 2
  requestTimeoutMs: 60000
  maxRetries: 8
output:
  schema:
    type: object
    properties:
      text: { type: string, minLength: 10, maxLength: 100 }
      label: { type: string, enum: [positive, negative] }
    required: [text, label]
    additionalProperties: false
dimensions:
  label: [positive, negative]
plan: { count: 4, seed: 11 }
template:
  system: You write short product reviews.
  prompt: "Write a {{ label }} review of an electric kettle in one short sentence (under 100 characters)."
# The attempt budget is for the 135M model, whose reviews often run past the 100-character
# limit (rejected as too-long): this test is about the provider, so the budget leaves room.
generation: { maxTokens: 80, maxAttempts: 8, temperature: 0.7 }
# This test counts the provider's calls, retries and cache hits; the judge is tested on its own.
judge: { enabled: false }
export: { formats: [jsonl, alpaca] }
`,
    path.join(directory, `${name}.yaml`),
  );
}

/** Every file under `folder`, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe("the OpenAI-compatible provider in a run, through faults", () => {
  it("ends with exactly the planned count, counts retries, repeats from the cache, and leaks no key", async () => {
    const storeFile = path.join(directory, "store.sqlite");
    const logFile = path.join(directory, "run.log");
    const store = openStore(storeFile);
    const events: SynthforgeEvent[] = [];
    const models: OpenAICompatibleModel[] = [];
    const config = configFromEnvironment({});
    const createModel = async (settings: Parameters<typeof openAICompatibleSettingsFrom>[0]) => {
      const model = createOpenAICompatibleModel(openAICompatibleSettingsFrom(settings, config.environment), {
        events: (event) => events.push(event),
      });
      models.push(model);
      return withResponseCache(model, store);
    };
    try {
      const first = recipe("kettles");
      const summary = await runRecipe(first, {
        store,
        config,
        createModel,
        events: (event) => events.push(event),
        outDir: path.join(directory, "out", "first"),
        cwd: directory,
      });

      expect(summary.accepted).toBe(4);
      const accepted = store.listRecords(summary.runId, { status: "accepted" });
      expect(accepted).toHaveLength(4);
      expect(new Set(accepted.map((record) => record.provenance.slotIndex)).size).toBe(4);
      expect(new Set(accepted.map((record) => record.id)).size).toBe(4);
      for (const record of accepted) expect(["positive", "negative"]).toContain(record.data?.label);

      const totals = models[0]!.totals();
      expect(stack.proxy.counts).toMatchObject({
        "429": 1,
        "429-date": 1,
        "500": 1,
        truncate: 1,
        reset: 1,
        stall: 1,
      });
      expect(totals.retries).toBeGreaterThanOrEqual(faults.length);
      const roundRetries = events
        .filter((event) => event.type === "round-end" && event.runId === summary.runId)
        .reduce(
          (sum, event) => sum + Number(event.type === "round-end" ? (event.summary.retries ?? 0) : 0),
          0,
        );
      expect(roundRetries).toBe(totals.retries);
      expect(totals.httpRequests).toBe(stack.proxy.requests);
      expect(stack.proxy.authorizations).toEqual(new Set([`Bearer ${apiKey}`]));

      const requestsAfterFirst = stack.proxy.requests;
      const again = await runRecipe(recipe("kettles-again"), {
        store,
        config,
        createModel,
        events: (event) => events.push(event),
        outDir: path.join(directory, "out", "again"),
        cwd: directory,
      });
      expect(again.accepted).toBe(4);
      expect(again.modelCalls).toBe(0);
      expect(stack.proxy.requests).toBe(requestsAfterFirst);
      expect(models[1]?.totals().httpRequests ?? 0).toBe(0);
      const againRecords = store.listRecords(again.runId, { status: "accepted" });
      expect(againRecords.map((record) => record.data).sort(byText)).toEqual(
        accepted.map((record) => record.data).sort(byText),
      );
    } finally {
      store.close();
    }

    writeFileSync(logFile, events.map((event) => JSON.stringify(event)).join("\n"));
    const written = filesUnder(directory);
    expect(written.some((file) => file.endsWith(".jsonl"))).toBe(true);
    for (const file of written) {
      expect(
        readFileSync(file).includes(apiKey),
        `${path.relative(directory, file)} contains the API key`,
      ).toBe(false);
    }
  });
});

const byText = (a: unknown, b: unknown) =>
  String((a as { text?: string })?.text).localeCompare(String((b as { text?: string })?.text));
