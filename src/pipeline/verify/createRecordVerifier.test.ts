import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadRecipe } from "../../core/recipe/loadRecipe.js";
import type { RecordVerifier } from "../../generate/generateRecords.js";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { GenerateRequest } from "../../providers/LanguageModel.js";
import { buildEntityLexicon } from "../../quality/entities/realEntityLexicon.js";
import { createRecordVerifier } from "./createRecordVerifier.js";

const example = fileURLToPath(new URL("../../../examples/ner-en.yaml", import.meta.url));

/** A judge that types every mention PER and suggests nothing missed. */
const judgeModel = () =>
  createFakeModel({
    respond: (request: GenerateRequest) =>
      request.messages.at(-1)!.content.includes('"missing"') ? { missing: [] } : { type: "PER" },
  });

async function verifyWith(verify: RecordVerifier, data: Record<string, unknown>) {
  return verify({
    data,
    slot: { index: 0, cell: { domain: "politics" }, status: "open", attempts: 0 } as never,
    prompt: {
      messages: [{ role: "user", content: "Write news." }],
      template: { id: "t", version: "1" },
      fewShot: [],
    },
    result: {} as never,
    stoppedAtTokenLimit: false,
    seed: 1,
  });
}

describe("createRecordVerifier on an extraction recipe with an entity list", () => {
  it("rejects an entity that is not in the text before any judge call, with its own reason", async () => {
    const { recipe } = await loadRecipe(example);
    const model = judgeModel();
    const outcome = await verifyWith(createRecordVerifier(recipe, model), {
      text: "Prime Minister John Major met reporters in London on Tuesday.",
      entities: [{ text: "Major John", type: "PER" }],
    });
    expect(outcome.rejectReason).toBe("span-not-in-text");
    expect(model.requests).toHaveLength(0);
  });

  it("rejects a name typed against the real annotations before any judge call (quality.entities)", async () => {
    const { recipe } = await loadRecipe(example);
    const model = judgeModel();
    const real = ["Russia said no .", "Talks in Russia .", "Russia won ."].map((text) => ({
      text,
      entities: [{ text: "Russia", type: "LOC" }],
      gold: [{ start: text.indexOf("Russia"), end: text.indexOf("Russia") + 6, type: "LOC" }],
      line: 1,
    }));
    const entityLexicon = buildEntityLexicon(real, { minCount: 3, minShare: 0.9, wordEdges: true });
    const verify = createRecordVerifier(recipe, model, { entityLexicon });
    const outcome = await verifyWith(verify, {
      text: "The EU and Russia clashed over Ukraine, straining relations in Brussels.",
      entities: [
        { text: "EU", type: "ORG" },
        { text: "Russia", type: "ORG" },
        { text: "Ukraine", type: "LOC" },
        { text: "Brussels", type: "LOC" },
      ],
    });
    expect(outcome.rejectReason).toBe("entity-type-real");
    expect(outcome.decisions.at(-1)).toMatchObject({ check: "entity-real", decision: "reject" });
    expect(model.requests).toHaveLength(0);
    const missed = await verifyWith(verify, {
      text: "Talks in Russia stalled, Brussels said.",
      entities: [{ text: "Brussels", type: "LOC" }],
    });
    expect(missed.rejectReason).toBe("entity-missed-real");
  });

  it("stores the spans' offsets and runs the entity judge instead of the record-level judge", async () => {
    const { recipe } = await loadRecipe(example);
    const model = judgeModel();
    const outcome = await verifyWith(createRecordVerifier(recipe, model), {
      text: "Prime Minister John Major met reporters in London on Tuesday.",
      entities: [
        { text: "John Major", type: "PER" },
        { text: "London", type: "LOC" },
      ],
    });
    const spans = outcome.decisions.find((decision) => decision.check === "entity-spans")?.details;
    expect(spans).toEqual({
      spans: [
        { text: "John Major", type: "PER", start: 15, end: 25 },
        { text: "London", type: "LOC", start: 43, end: 49 },
      ],
    });
    // The fake judge calls London a PER: the type vote rejects the record.
    expect(outcome.rejectReason).toBe("entity-type-vote");
    expect(
      model.requests.every((request) => request.messages.at(-1)!.content.includes("what kind of entity")),
    ).toBe(true);
  });
});

describe("createRecordVerifier on an instruction recipe", () => {
  const instruction = fileURLToPath(new URL("../../../examples/instruction-en.yaml", import.meta.url));
  const record = {
    instruction: "Give two tips for saving energy at home.",
    input: null,
    output: "Turn off lights you are not using, and wash clothes in cold water.",
  };
  const yesJudge = (id: string) =>
    createFakeModel({ identity: { provider: "embedded", id }, respond: () => ({ answer: "yes" }) });

  it("skips the answer vote of the judge measured as noise, unless the recipe asks for it", async () => {
    const loaded = await loadRecipe(instruction);
    const small = yesJudge("qwen2.5-coder-0.5b-instruct");
    expect(
      (await verifyWith(createRecordVerifier(loaded.recipe, small), record)).rejectReason,
    ).toBeUndefined();
    expect(small.requests).toHaveLength(0);

    const asked = yesJudge("qwen2.5-coder-0.5b-instruct");
    const on = { ...loaded.recipe, judge: { ...loaded.recipe.judge, answerCheck: "on" as const } };
    await verifyWith(createRecordVerifier(on, asked), record);
    expect(asked.requests.length).toBeGreaterThan(0);
  });

  it("votes on the answer with any other judge", async () => {
    const loaded = await loadRecipe(instruction);
    const larger = yesJudge("qwen2.5-coder-1.5b-instruct");
    const outcome = await verifyWith(createRecordVerifier(loaded.recipe, larger), record);
    expect(outcome.rejectReason).toBeUndefined();
    expect(larger.requests.length).toBeGreaterThan(0);
    expect(outcome.decisions.some((decision) => decision.check === "label-vote")).toBe(true);
  });

  it("skips the vote for a task the judge measured as noise on (the 1.5B on dialogue and QA), not for others", async () => {
    const loaded = await loadRecipe(instruction);
    for (const [task, votes] of [
      ["dialogue", false],
      ["qa", false],
      ["summarization", true],
      ["instruction", true],
    ] as const) {
      const larger = yesJudge("qwen2.5-coder-1.5b-instruct");
      await verifyWith(createRecordVerifier({ ...loaded.recipe, task }, larger), record);
      expect({ task, votes: larger.requests.length > 0 }).toEqual({ task, votes });
    }
  });
});
