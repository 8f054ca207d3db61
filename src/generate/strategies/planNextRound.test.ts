import { describe, expect, it } from "vitest";
import { qualitySchema } from "../../core/recipe/qualitySchema.js";
import { strategiesSchema } from "../../core/recipe/strategiesSchema.js";
import { planNextRound, type RoundState, type RoundStats } from "./planNextRound.js";
import { roundBudgets } from "./roundBudgets.js";

const budgets = roundBudgets({ strategies: strategiesSchema.parse({}), quality: qualitySchema.parse({}) });
const state: RoundState = {
  roundsDone: 1,
  temperature: 0.7,
  phrasingOffset: 0,
  tokensUsed: 1000,
  costUsed: 0,
  secondsUsed: 10,
};
const healthy: RoundStats = {
  round: 1,
  schemaValidity: 1,
  duplicateRate: 0,
  balance: [
    { cell: { label: "pos" }, planned: 10, accepted: 10 },
    { cell: { label: "neg" }, planned: 10, accepted: 7 },
  ],
  entropy: 5,
  rejectedSlots: [4, 2],
  duplicateSlots: [9, 2],
};

describe("planNextRound", () => {
  it("regenerates rejected and duplicate slots and rebalances short cells", () => {
    const decision = planNextRound(healthy, state, budgets);
    expect(decision.stop).toBe(false);
    expect(decision.slotsToRegenerate).toEqual([2, 4, 9]);
    expect(decision.rebalance).toEqual([{ cell: { label: "neg" }, missing: 3 }]);
    expect(decision.temperatureDelta).toBe(0);
    expect(decision.rotatePhrasing).toBe(false);
    expect(decision.summary).toBe(
      "round 1: 17/20 accepted, schema 100.0%, duplicates 0.0%, entropy 5.00 bits (target 3.8), continue: 3 slots to regenerate, 1 cells short",
    );
  });

  it("stops when every cell meets its target", () => {
    const met = { ...healthy, balance: [{ cell: { label: "pos" }, planned: 10, accepted: 12 }] };
    expect(planNextRound(met, state, budgets)).toMatchObject({
      stop: true,
      reason: "targets met",
      slotsToRegenerate: [],
    });
  });

  it("stops on each budget, naming it", () => {
    expect(planNextRound(healthy, { ...state, roundsDone: 3 }, budgets).reason).toBe(
      "round budget reached (3 of 3)",
    );
    expect(
      planNextRound(healthy, { ...state, tokensUsed: 500 }, { ...budgets, maxTokens: 500 }).reason,
    ).toMatch(/^token budget/);
    expect(planNextRound(healthy, { ...state, costUsed: 2.5 }, { ...budgets, maxCost: 2 }).reason).toMatch(
      /^cost budget/,
    );
    expect(
      planNextRound(healthy, { ...state, secondsUsed: 61 }, { ...budgets, maxSeconds: 60 }),
    ).toMatchObject({
      stop: true,
      reason: "time budget reached (61 s of 60 s)",
    });
    expect(planNextRound(healthy, state, { ...budgets, maxTokens: 5000 }).stop).toBe(false);
  });

  it("rotates phrasings and raises the temperature when entropy is low, up to the ceiling", () => {
    const low = { ...healthy, entropy: 3.1 };
    expect(planNextRound(low, state, budgets)).toMatchObject({ rotatePhrasing: true, temperatureDelta: 0.1 });
    expect(planNextRound(low, { ...state, temperature: 1.15 }, budgets).temperatureDelta).toBeCloseTo(0.05);
    expect(planNextRound(low, { ...state, temperature: 1.2 }, budgets).temperatureDelta).toBe(0);
    expect(planNextRound(low, state, budgets).summary).toMatch(/temperature 0\.70→0\.80/);
  });

  it("treats a high duplicate rate as low diversity", () => {
    expect(planNextRound({ ...healthy, duplicateRate: 0.2 }, state, budgets).rotatePhrasing).toBe(true);
  });

  it("lowers the temperature when outputs fail the schema but diversity is fine", () => {
    expect(planNextRound({ ...healthy, schemaValidity: 0.6 }, state, budgets).temperatureDelta).toBeCloseTo(
      -0.1,
    );
  });

  it("takes its budgets from the recipe, diversity triggers falling back to the quality gates", () => {
    const strategies = strategiesSchema.parse({ rounds: { maximum: 5, maxCost: 2 } });
    expect(roundBudgets({ strategies, quality: qualitySchema.parse({ gates: { entropy: 4.5 } }) })).toEqual({
      maximum: 5,
      maxCost: 2,
      entropyTarget: 4.5,
      maxDuplicateRate: 0.1,
      temperatureStep: 0.1,
      maxTemperature: 1.2,
    });
    const own = strategiesSchema.parse({ rounds: { entropyTarget: 3, maxDuplicateRate: 0.2 } });
    expect(
      roundBudgets({ strategies: own, quality: qualitySchema.parse({ gates: { entropy: null } }) }),
    ).toMatchObject({
      entropyTarget: 3,
      maxDuplicateRate: 0.2,
    });
  });
});
