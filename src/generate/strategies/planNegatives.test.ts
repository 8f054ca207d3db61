import { describe, expect, it } from "vitest";
import { createPlan } from "../../core/plan/createPlan.js";
import { applyNegative } from "./applyNegative.js";
import { negativeInstruction } from "./negativeInstruction.js";
import { planNegatives } from "./planNegatives.js";

const slots = createPlan(
  { label: ["positive", "negative", "neutral"] },
  { count: 200, strategy: "balanced", seed: 1 },
);
const labels = ["positive", "negative", "neutral"];

describe("planNegatives", () => {
  it("marks exactly the configured share, kinds in equal parts", () => {
    const marked = planNegatives(slots, 0.1, ["label-flip", "near-miss"], labels, 7);
    expect(marked).toHaveLength(200);
    const negatives = marked.filter((slot) => slot.strategy.startsWith("negative:"));
    expect(negatives).toHaveLength(20);
    expect(marked.filter((slot) => slot.strategy === "negative:label-flip")).toHaveLength(10);
    expect(marked.filter((slot) => slot.strategy === "negative:near-miss")).toHaveLength(10);
    expect(marked.filter((slot) => slot.strategy === "plain")).toHaveLength(180);
    for (const share of [0, 0.05, 0.25, 0.333, 1]) {
      const count = planNegatives(
        slots,
        share,
        ["near-miss", "contradiction", "label-flip"],
        labels,
        3,
      ).filter((slot) => slot.negative).length;
      expect(count).toBe(Math.round(share * 200));
    }
  });

  it("keeps slots and cells, and flips to a different label", () => {
    const marked = planNegatives(slots, 0.5, ["label-flip"], labels, 2);
    marked.forEach((slot, position) => {
      expect(slot.index).toBe(slots[position]!.index);
      expect(slot.cell).toEqual(slots[position]!.cell);
      if (slot.negative) {
        expect(labels).toContain(slot.negative.flipTo);
        expect(slot.negative.flipTo).not.toBe(slot.cell.label);
      }
    });
  });

  it("is reproducible for a seed", () => {
    expect(planNegatives(slots, 0.1, ["near-miss"], labels, 5)).toEqual(
      planNegatives(slots, 0.1, ["near-miss"], labels, 5),
    );
  });

  it("gives label-flip's share to the other kinds when there are no labels", () => {
    const unlabeled = createPlan({}, { count: 30, strategy: "weighted", seed: 1 });
    const marked = planNegatives(unlabeled, 0.2, ["label-flip", "contradiction"], [], 1);
    expect(marked.filter((slot) => slot.strategy === "negative:contradiction")).toHaveLength(6);
    expect(
      planNegatives(unlabeled, 0.2, ["label-flip"], [], 1).every((slot) => slot.strategy === "plain"),
    ).toBe(true);
  });
});

describe("negative prompts", () => {
  it("changes the prompt for near misses and contradictions, and the label for flips", () => {
    expect(negativeInstruction({ kind: "near-miss" }, "en")).toMatch(/near miss/);
    expect(negativeInstruction({ kind: "contradiction" }, "zh-CN")).toMatch(/矛盾/);
    expect(negativeInstruction({ kind: "label-flip", flipTo: "negative" }, "en")).toBeUndefined();
    expect(
      applyNegative(
        { text: "great", label: "positive" },
        { kind: "label-flip", flipTo: "negative" },
        "label",
      ),
    ).toEqual({ text: "great", label: "negative" });
    expect(applyNegative({ text: "x", label: "a" }, { kind: "near-miss" }, "label")).toEqual({
      text: "x",
      label: "a",
    });
  });
});
