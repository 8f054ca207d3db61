import { describe, expect, it } from "vitest";
import { minimumSampleToCertify, reviewsNeededAtRate, wilsonInterval } from "./wilsonInterval.js";

describe("wilsonInterval", () => {
  it("gives the textbook interval for 5 of 100", () => {
    const interval = wilsonInterval(5, 100);
    expect(interval.value).toBe(0.05);
    expect(interval.lower).toBeCloseTo(0.02154, 4);
    expect(interval.upper).toBeCloseTo(0.11175, 4);
  });

  it("has upper bound z²/(n+z²) with no errors", () => {
    const interval = wilsonInterval(0, 30);
    expect(interval.lower).toBe(0);
    expect(interval.upper).toBeCloseTo(3.841459 / (30 + 3.841459), 6);
  });

  it("knows that 30 clean reviews cannot certify 1.5% but 253 can", () => {
    expect(minimumSampleToCertify(0.015)).toBe(253);
    expect(wilsonInterval(0, 252).upper).toBeGreaterThan(0.015);
    expect(wilsonInterval(0, 253).upper).toBeLessThanOrEqual(0.015);
  });

  it("counts the reviews needed at the observed rate for the upper bound to clear the threshold", () => {
    expect(reviewsNeededAtRate(0, 30, 0.015)).toBe(253);
    const needed = reviewsNeededAtRate(1, 200, 0.015)!;
    expect(wilsonInterval(needed * 0.005, needed).upper).toBeLessThanOrEqual(0.015);
    expect(wilsonInterval((needed - 1) * 0.005, needed - 1).upper).toBeGreaterThan(0.015);
    expect(needed).toBeGreaterThan(253);
    expect(reviewsNeededAtRate(1, 30, 0.015)).toBeUndefined();
    expect(reviewsNeededAtRate(3, 200, 0.015)).toBeUndefined();
  });
});
