import { describe, expect, it } from "vitest";
import { buildLabelGuide } from "../../core/labels/labelGuide.js";
import { labelPrompt } from "./judgePrompts.js";

const brief = { task: "classification", description: "Customer messages to a bank.", language: "en" };
const labels = ["card_arrival", "card_delivery_estimate"];
const guide = buildLabelGuide(labels, {
  card_arrival: { description: "An ordered card has not arrived yet.", examples: ["Where is my card?"] },
  card_delivery_estimate: "Asks how long card delivery takes.",
});

describe("labelPrompt with a label guide", () => {
  it("puts the label list and the question first and the text last, so every record's prompt shares them as a prefix", () => {
    const first = labelPrompt(brief, "I am still waiting on my card?", labels, "word", guide);
    const second = labelPrompt(brief, "How long until my card comes?", labels, "word", guide);
    expect(first[0]).toEqual(second[0]);
    expect(first[0]!.content).toContain(
      '- card_arrival: An ordered card has not arrived yet. (e.g. "Where is my card?")',
    );
    expect(first[0]!.content).toContain("- card_delivery_estimate: Asks how long card delivery takes.");
    expect(first[1]!.content.endsWith("Text: I am still waiting on my card?")).toBe(true);
    expect(first[1]!.content).not.toContain("card_arrival");
    // The question too is the same for every record, up to the text.
    const shared = first[1]!.content.length - "I am still waiting on my card?".length;
    expect(second[1]!.content.slice(0, shared)).toBe(first[1]!.content.slice(0, shared));
  });

  it("keeps the names-only prompt without a guide, the question before the text", () => {
    const [, user] = labelPrompt(brief, "Where is my card?", labels, "word");
    expect(user!.content).toContain("card_arrival or card_delivery_estimate");
    // Two records' prompts are the same up to their texts.
    const [, other] = labelPrompt(brief, "When does it come?", labels, "word");
    const shared = user!.content.length - "Where is my card?".length;
    expect(user!.content.endsWith("Text: Where is my card?")).toBe(true);
    expect(other!.content.slice(0, shared)).toBe(user!.content.slice(0, shared));
  });
});
