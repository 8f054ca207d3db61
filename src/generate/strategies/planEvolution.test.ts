import { describe, expect, it } from "vitest";
import { createPlan } from "../../core/plan/createPlan.js";
import { evolveInstructionMessages } from "./evolveInstructionMessages.js";
import { evolutionKindOf, planEvolution } from "./planEvolution.js";
import { planNegatives } from "./planNegatives.js";
import { selfInstructMessages } from "./selfInstructMessages.js";

describe("planEvolution", () => {
  it("marks the share of plain slots and leaves negatives alone", () => {
    const slots = planNegatives(
      createPlan({}, { count: 100, strategy: "weighted", seed: 1 }),
      0.1,
      ["near-miss"],
      [],
      1,
    );
    const marked = planEvolution(slots, 0.3, ["deepen", "broaden", "concretize"], 4);
    expect(marked.filter((slot) => slot.strategy.startsWith("negative:"))).toHaveLength(10);
    expect(marked.filter((slot) => evolutionKindOf(slot) !== undefined)).toHaveLength(27);
    expect(marked.filter((slot) => evolutionKindOf(slot) === "deepen")).toHaveLength(9);
  });
});

describe("instruction prompts", () => {
  it("builds an evolution prompt around the accepted instruction", () => {
    const messages = evolveInstructionMessages("List three fruits.", "concretize", "en");
    expect(messages.at(-1)!.content).toContain("List three fruits.");
    expect(messages.at(-1)!.content).toMatch(/more specific/);
    expect(evolveInstructionMessages("列出三种水果。", "deepen", "zh").at(-1)!.content).toMatch(/更难/);
    expect(evolveInstructionMessages("x", "broaden", "en")[1]!.content).not.toBe(
      evolveInstructionMessages("x", "deepen", "en")[1]!.content,
    );
  });

  it("shows the example instructions in the self-instruct prompt", () => {
    const messages = selfInstructMessages(["Translate a menu.", "Plan a trip."], {
      language: "en",
      domain: "travel",
    });
    expect(messages[1]!.content).toContain("1. Translate a menu.\n2. Plan a trip.");
    expect(messages[1]!.content).toContain("travel");
  });
});
