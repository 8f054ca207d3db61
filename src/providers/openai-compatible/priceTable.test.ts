import { describe, expect, it } from "vitest";
import { costOf, priceFor } from "./priceTable.js";

describe("price table", () => {
  it("prices a known model from the built-in table", () => {
    const price = priceFor("gpt-4o-mini");
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, price)).toBeCloseTo(0.75);
  });

  it("lets the recipe override the table", () => {
    const price = priceFor("gpt-4o-mini", { inputPerMillion: 1, outputPerMillion: 2 });
    expect(costOf({ inputTokens: 500_000, outputTokens: 250_000 }, price)).toBeCloseTo(1);
  });

  it("costs nothing for an unknown (self-hosted) model", () => {
    expect(costOf({ inputTokens: 10, outputTokens: 10 }, priceFor("my-local-model"))).toBe(0);
  });
});
