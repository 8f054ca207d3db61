import { describe, expect, it } from "vitest";
import { confusableInstruction, confusablePartners, planConfusable } from "./planConfusable.js";
import type { StrategySlot } from "./planNegatives.js";

describe("confusablePartners", () => {
  const labels = ["card_arrival", "card_delivery_estimate", "card_linking", "exchange_rate", "top_up_failed"];

  it("takes the label the judge voted for most, over the name's nearest", () => {
    const partners = confusablePartners(labels, [
      { label: "card_arrival", votedFor: "exchange_rate", votes: 5 },
      { label: "card_arrival", votedFor: "card_linking", votes: 2 },
    ]);
    expect(partners.get("card_arrival")).toBe("exchange_rate");
  });

  it("falls back to the label whose name shares the largest share of words, and to none", () => {
    const partners = confusablePartners(labels, []);
    // card_arrival ~ card_linking: 1 of 3 words; ~ card_delivery_estimate: 1 of 4.
    expect(partners.get("card_arrival")).toBe("card_linking");
    expect(partners.get("card_delivery_estimate")).toBe("card_arrival");
    expect(partners.has("exchange_rate")).toBe(false);
    expect(partners.has("top_up_failed")).toBe(false);
  });

  it("ignores votes for values that are not labels, and reads Chinese names by character", () => {
    const partners = confusablePartners(
      ["病情诊断", "病因分析", "医疗费用"],
      [{ label: "医疗费用", votedFor: "其他", votes: 3 }],
    );
    expect(partners.get("病情诊断")).toBe("病因分析");
    expect(partners.has("医疗费用")).toBe(false);
  });
});

describe("planConfusable", () => {
  it("marks the share of still-plain slots, seeded, and leaves other strategies alone", () => {
    const slots: StrategySlot[] = Array.from({ length: 10 }, (_, index) => ({
      index,
      cell: { label: index % 2 === 0 ? "a" : "b" },
      strategy: index < 2 ? "negative:near-miss" : "plain",
    }));
    const marked = planConfusable(slots, 0.5, 7);
    expect(marked.filter((slot) => slot.strategy === "confusable")).toHaveLength(4);
    expect(marked.slice(0, 2).map((slot) => slot.strategy)).toEqual([
      "negative:near-miss",
      "negative:near-miss",
    ]);
    expect(planConfusable(slots, 0.5, 7)).toEqual(marked);
  });
});

describe("confusableInstruction", () => {
  it("names both labels and the partner's meaning, in the recipe's language", () => {
    expect(confusableInstruction("card_arrival", { label: "card_linking", description: "" }, "en")).toBe(
      'Make it a hard case: close in topic and wording to "card_linking", yet still clearly "card_arrival": include the detail that makes it "card_arrival" and not "card_linking".',
    );
    const zh = confusableInstruction("病情诊断", { label: "病因分析", description: "询问病因" }, "zh");
    expect(zh).toContain("“病因分析”（询问病因）");
    expect(zh).toContain("明确属于“病情诊断”");
  });
});
