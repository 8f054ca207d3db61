import { describe, expect, it } from "vitest";
import { selfBleu } from "./selfBleu.js";

const row = (...ids: number[]) => Int32Array.from(ids);

describe("selfBleu", () => {
  it("is 1 when every text is the same", () => {
    const texts = [row(1, 2, 3, 4, 5, 6), row(1, 2, 3, 4, 5, 6), row(1, 2, 3, 4, 5, 6)];
    expect(selfBleu(texts).value).toBeCloseTo(1, 10);
  });

  it("is near 0 when texts share no words, and states its sample size", () => {
    const texts = [row(1, 2, 3, 4, 5), row(6, 7, 8, 9, 10), row(11, 12, 13, 14, 15)];
    const result = selfBleu(texts, { sampleSize: 2 });
    expect(result.value).toBeLessThan(0.1);
    expect(result.sampleSize).toBe(2);
  });

  it("ranks a repetitive set above a varied one", () => {
    const repetitive = [row(1, 2, 3, 4, 5, 6), row(1, 2, 3, 4, 5, 7), row(1, 2, 3, 4, 5, 8)];
    const varied = [row(1, 2, 3, 4, 5, 6), row(9, 2, 10, 4, 11, 7), row(12, 13, 3, 14, 5, 8)];
    expect(selfBleu(repetitive).value).toBeGreaterThan(selfBleu(varied).value);
  });
});
