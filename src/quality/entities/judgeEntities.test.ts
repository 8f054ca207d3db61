import { describe, expect, it } from "vitest";
import { createFakeModel } from "../../providers/fake/createFakeModel.js";
import type { GenerateRequest } from "../../providers/LanguageModel.js";
import { checkEntities } from "./checkEntities.js";
import { createEntityJudge } from "./judgeEntities.js";

const info = {
  textField: "text",
  entitiesField: "entities",
  types: ["PER", "ORG", "LOC", "MISC"],
  typeDescription: "PER person, ORG organisation, LOC location, MISC other",
};

/** A fake judge that types each mention from a table and suggests `missing` when asked. */
function fakeJudge(types: Record<string, string>, missing: { text: string; type: string }[] = []) {
  return createFakeModel({
    respond: (request: GenerateRequest) => {
      const question = request.messages.at(-1)!.content;
      if (question.includes('"missing"')) return { missing };
      const mention = /what kind of entity is "([^"]+)"/.exec(question)?.[1] ?? "";
      return { type: types[mention] ?? "none" };
    },
  });
}

async function verify(
  model: ReturnType<typeof fakeJudge>,
  record: { text: string; entities: { text: string; type: string }[] },
) {
  const checked = checkEntities(record, info);
  const judge = createEntityJudge({
    model,
    language: "en",
    description: "News sentences.",
    info,
    votes: 3,
    minimumAgreement: 2,
    temperature: 0.7,
  });
  return judge.verify({ text: record.text, entities: checked.entities, spans: checked.spans, seed: 1 });
}

const record = {
  text: "Angela Merkel visited Siemens in Munich.",
  entities: [
    { text: "Angela Merkel", type: "PER" },
    { text: "Siemens", type: "ORG" },
  ],
};

describe("createEntityJudge", () => {
  it("confirms each entity's type by the votes, without showing the listed type", async () => {
    const model = fakeJudge({ "Angela Merkel": "PER", Siemens: "ORG" });
    const verdict = await verify(model, record);
    expect(verdict.rejectReason).toBeUndefined();
    expect(verdict.decisions.map((decision) => [decision.check, decision.decision])).toEqual([
      ["entity-type-vote", "pass"],
      ["entity-missed", "pass"],
    ]);
    // 3 votes for each of 2 entities, then the question for missed entities.
    expect(verdict.calls).toBe(7);
    const typeQuestions = model.requests.slice(0, 6).map((request) => request.messages.at(-1)!.content);
    for (const question of typeQuestions) expect(question).not.toMatch(/"(PER|ORG)"/);
    expect(typeQuestions[0]).toContain("PER person, ORG organisation");
  });

  it("rejects a record whose entity the votes type otherwise (entity-type-vote)", async () => {
    const verdict = await verify(fakeJudge({ "Angela Merkel": "PER", Siemens: "LOC" }), record);
    expect(verdict.rejectReason).toBe("entity-type-vote");
    expect(verdict.decisions[0]!.reason).toBe(
      'entity-type-vote: 0 of 3 annotations say "Siemens" is ORG (LOC, LOC, LOC)',
    );
  });

  it("rejects a record that misses an entity the judge finds in the text and confirms", async () => {
    const verdict = await verify(
      fakeJudge({ "Angela Merkel": "PER", Siemens: "ORG", Munich: "LOC" }, [{ text: "Munich", type: "LOC" }]),
      record,
    );
    expect(verdict.rejectReason).toBe("entity-missed");
    expect(verdict.decisions.at(-1)!.reason).toBe(
      'entity-missed: the text also names "Munich" (LOC), not in the list',
    );
  });

  it("ignores suggestions that are not in the text, already listed, inside a listed span, or voted no entity", async () => {
    const verdict = await verify(
      fakeJudge({ "Angela Merkel": "PER", Siemens: "ORG" }, [
        { text: "Berlin", type: "LOC" },
        { text: "Siemens", type: "ORG" },
        { text: "Merkel", type: "PER" },
        { text: "Munich", type: "LOC" },
      ]),
      record,
    );
    expect(verdict.rejectReason).toBeUndefined();
    expect(verdict.decisions.at(-1)!.details).toEqual({
      suggested: [{ text: "Munich", type: "LOC", votes: ["none", "none", "none"] }],
    });
  });
});
