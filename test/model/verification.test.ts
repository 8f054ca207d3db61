// Verification with the real judge: a run whose generation is forced to write each kind of bad
// record (cut off, emoji, repeated, leaking its template, talking about the task, wrong
// script, wrong label) accepts none of them, while ordinary reviews with the right label are
// accepted; the real Qwen judge's votes are stored with every record it saw.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { parseRecipe } from "../../src/core/recipe/loadRecipe.js";
import { runRecipe } from "../../src/pipeline/run/runRecipe.js";
import { createEmbeddedModel, type EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createFakeModel } from "../../src/providers/fake/createFakeModel.js";
import type { GenerateRequest } from "../../src/providers/LanguageModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { openStore } from "../../src/store/openStore.js";
import type { SqliteStore } from "../../src/store/SqliteStore.js";

/** What the forced generator writes for each kind, with the label it claims. */
const forced: Record<string, { text: string; label: string; rejectedAs?: string }> = {
  cut: {
    text: "We ordered the grilled salmon and the waiter brought it cold, so we asked for the",
    label: "negative",
    rejectedAs: "truncated",
  },
  emoji: { text: "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", label: "positive", rejectedAs: "symbols" },
  repeated: { text: "I'm a food blogger. ".repeat(8).trim(), label: "positive", rejectedAs: "repetition" },
  template: {
    text: "{{text}} kitchen appliance is great and works well.",
    label: "positive",
    rejectedAs: "leak",
  },
  placeholder: {
    text: "The review is negative about [product_name].",
    label: "negative",
    rejectedAs: "leak",
  },
  meta: { text: "This is a positive example of a kitchen appliance.", label: "positive", rejectedAs: "leak" },
  chinese: { text: "这家餐厅的菜很好吃，服务也很周到。", label: "positive", rejectedAs: "language" },
  "wrong-label": {
    text: "The staff is very friendly and provide excellent service, making it a great place to eat.",
    label: "negative",
    rejectedAs: "label-vote",
  },
  "wrong-label-2": {
    text: "Excellent blender. It crushes ice in seconds and I use it every single morning.",
    label: "negative",
    rejectedAs: "label-vote",
  },
  good: {
    text: "The pad thai was cold and the shrimp tasted frozen; we will not be back.",
    label: "negative",
  },
  "good-2": {
    text: "Lovely little cafe: the flat white was perfect and the staff remembered my name.",
    label: "positive",
  },
};

const recipeText = `
name: verification-test
description: Short English customer reviews of restaurants and products, labelled by sentiment.
output:
  schema:
    type: object
    properties:
      text: { type: string, minLength: 10, maxLength: 200 }
      label: { type: string, enum: [positive, negative] }
    required: [text, label]
    additionalProperties: false
  labelField: label
dimensions:
  kind: [${Object.keys(forced).join(", ")}]
plan: { count: ${Object.keys(forced).length}, strategy: balanced }
template:
  prompt: "Write a review of kind {{ kind }}."
generation: { maxTokens: 80, maxAttempts: 1 }
strategies: { rounds: { maximum: 1 } }
export: { formats: [jsonl] }
`;

let directory: string;
let store: SqliteStore;
let judge: EmbeddedModel;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-verification-"));
  store = openStore(path.join(directory, "store.sqlite"));
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(defaultModelName);
  judge = await createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    fileSha256: resolved.sha256,
    parallel: 2,
    contextSize: 1024,
  });
});

afterAll(async () => {
  await judge?.dispose();
  store?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("verification with the real judge", () => {
  it("accepts none of the forced bad records, each rejected with its own reason, and keeps the good ones", async () => {
    const generator = createFakeModel({
      parallelism: 2,
      respond: (request: GenerateRequest) => {
        const kind = /kind ([\w-]+)/.exec(request.messages.at(-1)!.content)![1]!;
        const { text, label } = forced[kind]!;
        return { label, text };
      },
    });
    const loaded = parseRecipe(recipeText, path.join(directory, "verification.yaml"));
    const summary = await runRecipe(loaded, {
      store,
      model: generator,
      judgeModel: judge,
      config: configFromEnvironment(),
      skipExport: true,
    });
    const records = store.listRecords(summary.runId);
    const byKind = new Map(records.map((record) => [record.provenance.cell.kind!, record]));
    for (const [kind, expected] of Object.entries(forced)) {
      const record = byKind.get(kind)!;
      if (expected.rejectedAs === undefined) {
        expect(record.status, `${kind}: ${record.reason}`).toBe("accepted");
      } else {
        expect(record.status, kind).toBe("rejected");
        expect(record.reason, kind).toBe(expected.rejectedAs);
      }
    }
    expect(summary.accepted).toBe(2);

    // The judge saw every record that passed the rule checks; its votes are stored with each.
    for (const kind of ["wrong-label", "wrong-label-2", "good", "good-2"]) {
      const vote = byKind.get(kind)!.decisions.find((decision) => decision.check === "label-vote");
      expect(vote, kind).toBeDefined();
      const details = vote!.details as { votes: string[]; agreeing: number; required: number };
      expect(details.votes).toHaveLength(3);
      expect(details.required).toBe(2);
      expect(vote!.decision).toBe(kind.startsWith("good") ? "pass" : "reject");
    }
    expect(byKind.get("emoji")!.decisions.some((decision) => decision.check === "label-vote")).toBe(false);
    expect(summary.judge?.calls).toBe(4);
  });
});
