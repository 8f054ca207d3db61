import { describe, expect, it } from "vitest";
import type { QualityDecision } from "../../core/record.js";
import { labelConfusion } from "./labelConfusion.js";

const voted = (expected: string, votes: string[], pass: boolean) => ({
  decisions: [
    {
      check: "label-vote",
      decision: pass ? "pass" : "reject",
      details: { votes, agreeing: votes.filter((vote) => vote === expected).length, required: 2, expected },
    } as QualityDecision,
  ],
});

describe("labelConfusion", () => {
  it("counts the votes that left each record's label, and each label's disputed share", () => {
    const confusion = labelConfusion([
      voted("card_arrival", ["card_arrival", "card_delivery_estimate", "card_arrival"], true),
      voted("card_arrival", ["card_delivery_estimate", "card_delivery_estimate", "card_arrival"], false),
      voted("top_up_failed", ["top_up_failed", "top_up_failed", "top_up_failed"], true),
      voted("top_up_failed", ["top_up_reverted", "pending_top_up", "top_up_failed"], false),
      voted("exchange_rate", ["exchange_rate", "exchange_rate", "exchange_rate"], true),
    ])!;
    expect(confusion.confusions[0]).toEqual({
      label: "card_arrival",
      votedFor: "card_delivery_estimate",
      votes: 3,
      records: 2,
    });
    expect(confusion.confusions).toHaveLength(3);
    expect(confusion.disputed).toEqual([
      { label: "card_arrival", judged: 2, disputed: 1, share: 0.5 },
      { label: "top_up_failed", judged: 2, disputed: 1, share: 0.5 },
    ]);
  });

  it("leaves out output checks (yes or no) and runs without label votes", () => {
    expect(labelConfusion([voted("yes", ["yes", "no", "no"], false)])).toBeUndefined();
    expect(labelConfusion([{ decisions: [] }])).toBeUndefined();
  });
});
