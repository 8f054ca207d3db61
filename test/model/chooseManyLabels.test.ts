// The embedded model's `choose` over many labels that share their first tokens (issue 22): the
// real Qwen teacher, the 15 confusable banking intents of bench/annotate with the meanings of
// examples/intent-en.yaml, and a few unmistakable messages. With the first token alone these
// labels cannot be told apart (`card_…`, `top_up_…`, `pending_…`); scored whole, the intended
// one must win, and the same label list, held by the model between calls, is not paid again.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnvironment } from "../../src/core/config.js";
import { type LabelGuide, labelGuideOf, renderLabelList } from "../../src/core/labels/labelGuide.js";
import { loadRecipe } from "../../src/core/recipe/loadRecipe.js";
import { buildChoiceTrie } from "../../src/providers/embedded/choiceTrie.js";
import { chooseAmong } from "../../src/providers/embedded/chooseAmong.js";
import { createEmbeddedModel, type EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultModelName } from "../../src/providers/registry/defaultModels.js";
import { labelPrompt } from "../../src/quality/judge/judgePrompts.js";
import { fifteenBankingLabels } from "../fixtures/bankingLabels.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted: readonly string[] = fifteenBankingLabels;
// Written for this test, one per intent whose name shares a first token with another's.
const messages: [string, string][] = [
  ["I ordered my card two weeks ago and it still hasn't arrived.", "card_arrival"],
  ["Someone stole my wallet with my card in it, please block it.", "lost_or_stolen_card"],
  ["My top-up didn't go through, it says it failed.", "top_up_failed"],
  ["Why was I charged a fee when I took cash out of the ATM?", "cash_withdrawal_charge"],
  ["How do I verify my identity?", "verify_my_identity"],
  ["What exchange rate do you use for euros?", "exchange_rate"],
];

let model: EmbeddedModel;
let guide: LabelGuide;

beforeAll(async () => {
  const recipe = await loadRecipe(path.join(here, "../../examples/intent-en.yaml"));
  guide = labelGuideOf(recipe.recipe)!.filter((meaning) => wanted.includes(meaning.label));
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(defaultModelName);
  model = await createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    fileSha256: resolved.sha256,
    parallel: 1,
    contextSize: 4096,
  });
});

afterAll(async () => {
  await model?.dispose();
});

describe("choose among 15 labels sharing first tokens", () => {
  it("scores every label's whole name and finds the intended one for clear messages", async () => {
    const labels = guide.map((meaning) => meaning.label);
    const brief = {
      task: "classification",
      description: "Messages to a bank's support chat.",
      language: "en",
    };
    const found: string[] = [];
    for (const [text, label] of messages) {
      const result = await model.choose!({
        messages: labelPrompt(brief, text, labels, "word", guide),
        choices: labels,
        temperature: 0,
        seeds: [1, 2, 3],
      });
      const total = Object.values(result.probabilities).reduce((sum, value) => sum + value, 0);
      expect(total).toBeCloseTo(1, 6);
      expect(Object.keys(result.probabilities)).toEqual(labels);
      // Temperature 0: every vote is the most likely label.
      expect(new Set(result.picks).size).toBe(1);
      const ranked = Object.entries(result.probabilities).sort((a, b) => b[1] - a[1]);
      expect(result.picks[0]).toBe(ranked[0]![0]);
      found.push(`${label} → ${ranked[0]![0]}`);
      // What the first token alone could not do: among the labels that share the intended
      // label's first word (card_…, top_up_…), the intended one is the most likely.
      const stem = label.split("_")[0]!;
      const siblings = labels.filter((other) => other !== label && other.split("_")[0] === stem);
      for (const sibling of siblings) {
        expect(result.probabilities[label], `${text}: ${label} vs ${sibling}`).toBeGreaterThan(
          result.probabilities[sibling]!,
        );
      }
    }
    // Counted, not timed: chance is 1 in 15; the 0.5B teacher gets most of these.
    const right = found.filter((pair) => pair.split(" → ")[0] === pair.split(" → ")[1]).length;
    expect(right, found.join("; ")).toBeGreaterThanOrEqual(4);
  });

  it("keeps the label list evaluated across rows: a second row evaluates only its own text", async () => {
    const labels = guide.map((meaning) => meaning.label);
    const trie = buildChoiceTrie(labels, (text) => model.model.tokenizer(text, false))!;
    const context = await model.model.createContext({ sequences: 1, contextSize: 4096 });
    try {
      const sequence = context.getSequence();
      const prefix = model.model.tokenize(
        `Sort each text into one of these labels:\n${renderLabelList(guide)}\n\nText: `,
      );
      const row = (text: string) => [...prefix, ...model.model.tokenize(`${text}\nLabel: `)];
      const first = await chooseAmong([sequence], row(messages[0]![0]), trie, labels, {
        temperature: 0,
        seeds: [1],
      });
      const second = await chooseAmong([sequence], row(messages[1]![0]), trie, labels, {
        temperature: 0,
        seeds: [1],
      });
      expect(prefix.length).toBeGreaterThan(300);
      expect(first.evaluated).toBeGreaterThanOrEqual(prefix.length);
      // The row's own tokens and a few branch tokens of the trie, not the list again.
      expect(second.evaluated).toBeLessThan(60);
      expect(second.evaluations).toBeLessThanOrEqual(6);
    } finally {
      await context.dispose();
    }
  });

  it("scores the trie's nodes in batches on copies of the prompt's state: the same probabilities, fewer evaluations", async () => {
    const labels = guide.map((meaning) => meaning.label);
    const trie = buildChoiceTrie(labels, (text) => model.model.tokenizer(text, false))!;
    const context = await model.model.createContext({ sequences: 5, contextSize: 2048 });
    try {
      const [alone, ...four] = Array.from({ length: 5 }, () => context.getSequence());
      const prompt = model.model.tokenize(
        `Sort each text into one of these labels:\n${renderLabelList(guide)}\n\nText: Why was my top-up reverted?\nLabel: `,
      );
      // Budget enough for both to expand every node that holds 2% of the probability.
      const options = { temperature: 0, seeds: [1], maxEvaluations: 40 };
      const one = await chooseAmong([alone!], prompt, trie, labels, { ...options, width: 1 });
      const batched = await chooseAmong(four, prompt, trie, labels, options);
      // The prompt's evaluation and the first branching node cost one evaluation each either way;
      // past them, a batch expands up to four nodes at once.
      expect(batched.evaluations).toBeLessThanOrEqual(one.evaluations);
      if (one.evaluations > 2) expect(batched.evaluations).toBeLessThan(one.evaluations);
      for (const label of labels) {
        expect(batched.probabilities[label], label).toBeCloseTo(one.probabilities[label]!, 2);
      }
    } finally {
      await context.dispose();
    }
  });
});
