import { describe, expect, it } from "vitest";
import { createFakeModel } from "./createFakeModel.js";

const sampling = { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 32, seed: 1 };

describe("createFakeModel", () => {
  it("answers from its function, parses JSON when a schema is asked for, and records requests", async () => {
    const model = createFakeModel({ respond: (_request, call) => ({ text: `answer ${call}` }) });
    const result = await model.generate({
      messages: [{ role: "user", content: "hi there" }],
      schema: {},
      sampling,
    });
    expect(result.text).toBe('{"text":"answer 0"}');
    expect(result.json).toEqual({ text: "answer 0" });
    expect(result.usage).toEqual({ inputTokens: 2, outputTokens: 2 });
    expect(model.requests).toHaveLength(1);
    const plain = await model.generate({ messages: [{ role: "user", content: "x" }], sampling });
    expect(plain.json).toBeUndefined();
  });

  it("fails the calls it is told to fail and honours an aborted signal", async () => {
    const model = createFakeModel({
      respond: () => "ok",
      failOn: (call) => (call === 0 ? new Error("boom") : undefined),
    });
    await expect(model.generate({ messages: [], sampling })).rejects.toThrow("boom");
    const abort = new AbortController();
    abort.abort();
    await expect(model.generate({ messages: [], sampling, signal: abort.signal })).rejects.toThrow();
    await model.dispose();
    expect(model.disposed).toBe(true);
  });
});
