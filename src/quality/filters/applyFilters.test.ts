import { describe, expect, it } from "vitest";
import type { DatasetRecord } from "../DatasetRecord.js";
import { applyFilters } from "./applyFilters.js";
import type { FilterSettings } from "./FilterSettings.js";

const settings: FilterSettings = {
  language: "en",
  length: undefined,
  sensitive: { action: "off", words: [] },
  nearDuplicateThreshold: 0.85,
  // `prompt` is read as an instruction by its name (defaultFieldSpecs), whatever its type.
  fields: { prompt: { kind: "instruction" }, text: { kind: "text" } },
};

function record(index: number, prompt: unknown, text: string): DatasetRecord {
  const data = { prompt, text };
  return {
    id: `r${index}`,
    text,
    label: undefined,
    cell: {},
    output: JSON.stringify({ prompt }),
    valid: true,
    data,
  };
}

describe("applyFilters on instruction data", () => {
  it("tells records apart by an instruction field that holds a number, not only by strings", async () => {
    const records = [
      record(0, 1, "The kettle arrived quietly on a rainy Monday, and the staff kept their promises."),
      record(1, 2, "The museum opened brightly after the second week, and the view was wide and open."),
      record(2, 3, "A bakery near the old bridge sold out of rye bread before lunch on Saturday."),
    ];
    const outcome = await applyFilters(records, settings);
    const rejected = outcome.verdicts.filter((verdict) => verdict.status === "rejected");
    expect(rejected.map((verdict) => verdict.reason)).toEqual([]);
  });

  it("still rejects records that ask the same thing", async () => {
    const records = [
      record(0, 7, "The kettle arrived quietly on a rainy Monday, and the staff kept their promises."),
      record(1, 7, "The museum opened brightly after the second week, and the view was wide and open."),
    ];
    const outcome = await applyFilters(records, settings);
    expect(outcome.verdicts.map((verdict) => verdict.status)).toEqual(["accepted", "rejected"]);
  });
});
