import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoffDelay.js";

describe("backoffDelay", () => {
  it("draws uniformly below an exponentially growing ceiling (full jitter)", () => {
    const options = { baseMs: 100, maxMs: 10_000 };
    expect(backoffDelay(0, { ...options, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
  });

  it("never exceeds the maximum", () => {
    expect(backoffDelay(30, { baseMs: 100, maxMs: 5_000, random: () => 0.999 })).toBeLessThan(5_000);
  });

  it("uses the server's Retry-After when given", () => {
    expect(backoffDelay(0, { baseMs: 100, maxMs: 5_000, retryAfterMs: 2_000, random: () => 0 })).toBe(2_000);
  });
});
