import { describe, expect, it } from "vitest";
import { describeOnRealData } from "../../../test/fixtures/quality/realData.js";
import { createRandom } from "../../core/stats/random.js";
import { segmentWords } from "../../core/text/segmentWords.js";
import { readReferenceCorpus } from "../io/readDatasetFile.js";
import { adversarialValidation } from "./adversarialValidation.js";
import { rocAuc } from "./rocAuc.js";

const segmented = (texts: string[], locale: string) =>
  texts.map((text) => ({ text, words: segmentWords(text, locale) }));

describe("rocAuc", () => {
  it("is 1 for a perfect ranking, 0.5 for ties, and counts ties half", () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });
});

describe("adversarialValidation (constructed)", () => {
  it("separates obviously different text and names the giveaway features", () => {
    const real = Array.from(
      { length: 200 },
      (_, index) => `the pasta at table ${index % 17} was fine and the waiter kind`,
    );
    const generated = Array.from(
      { length: 200 },
      (_, index) => `As an AI language model, I rate restaurant number ${index % 13} delightful!`,
    );
    const result = adversarialValidation(segmented(real, "en"), segmented(generated, "en"));
    expect(result.auc).toBeGreaterThan(0.99);
    expect(result.probabilities).toHaveLength(200);
    expect(result.mostDetectable[0]!.probability).toBeGreaterThan(0.9);
    expect(result.topFeatures.generated.map((feature) => feature.feature).join(" ")).toMatch(
      /ai|language|model|rate|delightful|as/,
    );
  });
});

describe("adversarialValidation (constructed, same source)", () => {
  it("is near 0.5 when both sides are drawn from the same seeded sentence generator", () => {
    const random = createRandom(5);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const sentence = () =>
      `the ${pick(["soup", "rice", "noodles", "curry", "salad", "bread"])} was ${pick(["hot", "cold", "salty", "bland", "fresh", "great"])} and the ${pick(["driver", "waiter", "box", "bag", "price"])} was ${pick(["fine", "late", "kind", "rude", "cheap"])}`;
    const texts = Array.from({ length: 800 }, sentence);
    const result = adversarialValidation(
      segmented(texts.slice(0, 400), "en"),
      segmented(texts.slice(400), "en"),
    );
    expect(Math.abs(result.auc - 0.5)).toBeLessThan(0.08);
  });
});

describeOnRealData("adversarialValidation on ../shared/data", (data) => {
  it("is near 0.5 between two random halves of waimai_10k and near 1 between waimai and yelp", async () => {
    const waimai = await readReferenceCorpus(data.waimai);
    const yelp = await readReferenceCorpus(data.yelp);
    const halves = segmented(waimai.texts.slice(0, 4000), "zh");
    const same = adversarialValidation(
      halves.filter((_, index) => index % 2 === 0),
      halves.filter((_, index) => index % 2 === 1),
    );
    expect(same.auc).toBeGreaterThan(0.4);
    expect(same.auc).toBeLessThan(0.6);
    const different = adversarialValidation(segmented(yelp.texts, "en"), halves.slice(0, 1000));
    expect(different.auc).toBeGreaterThan(0.98);
  });
});
