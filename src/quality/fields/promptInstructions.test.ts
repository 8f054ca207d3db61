import { describe, expect, it } from "vitest";
import { describeLabelForGeneration } from "../../core/labels/labelGuide.js";
import { checkRecordFields } from "./checkRecordFields.js";
import { promptInstructions } from "./promptInstructions.js";

describe("promptInstructions", () => {
  const meaning = {
    label: "card_arrival",
    description: "Asks when the new card they ordered will arrive.",
    examples: ["I am still waiting on my card to arrive", "How long does a new card take to get here?"],
  };
  const prompt = [
    { role: "system" as const, content: "You write realistic, varied training data." },
    {
      role: "user" as const,
      content: `Write one customer message to a bank.\n${describeLabelForGeneration(meaning, "en")}\nReturn {"text": ..., "label": ...}.`,
    },
    { role: "assistant" as const, content: '{"text": "a few-shot answer", "label": "card_arrival"}' },
  ];

  it("keeps the instructions and leaves out few-shot answers, the label's meaning and its quoted real examples", () => {
    const text = promptInstructions(prompt, [meaning]);
    expect(text).toContain("Write one customer message to a bank.");
    expect(text).toContain('The label "card_arrival" means:');
    expect(text).not.toContain("Asks when the new card they ordered will arrive.");
    expect(text).not.toContain("I am still waiting on my card to arrive");
    expect(text).not.toContain("a few-shot answer");
  });

  it("lets a message like a real example pass the copied-prompt rule, and still rejects copied instructions", () => {
    const specs = { text: { kind: "text" as const }, label: { kind: "label" as const } };
    const like = {
      text: "I am still waiting on my card to arrive, it has been two weeks.",
      label: "card_arrival",
    };
    expect(
      checkRecordFields(like, specs, { language: "en", prompt: promptInstructions(prompt) }).rejected?.check,
    ).toBe("leak");
    expect(
      checkRecordFields(like, specs, { language: "en", prompt: promptInstructions(prompt, [meaning]) })
        .rejected,
    ).toBeUndefined();
    // Five words of the label's meaning are what the record is about.
    const onTopic = {
      text: "When will the new card they ordered arrive? It has been a week.",
      label: "card_arrival",
    };
    expect(
      checkRecordFields(onTopic, specs, { language: "en", prompt: promptInstructions(prompt) }).rejected
        ?.check,
    ).toBe("leak");
    expect(
      checkRecordFields(onTopic, specs, { language: "en", prompt: promptInstructions(prompt, [meaning]) })
        .rejected,
    ).toBeUndefined();
    const copied = { text: "Write one customer message to a bank about my card.", label: "card_arrival" };
    expect(
      checkRecordFields(copied, specs, { language: "en", prompt: promptInstructions(prompt, [meaning]) })
        .rejected?.check,
    ).toBe("leak");
  });
});
