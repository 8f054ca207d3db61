import { afterEach, describe, expect, it } from "vitest";
import type { GenerateRequest, LanguageModel } from "../providers/LanguageModel.js";
import { createOpenAICompatibleModel } from "../providers/openai-compatible/createOpenAICompatibleModel.js";
import { startServer } from "./startServer.js";

function recordingModel() {
  const requests: GenerateRequest[] = [];
  const model: LanguageModel = {
    identity: { provider: "embedded", id: "smollm2-135m-instruct" },
    parallelism: 2,
    async generate(request) {
      requests.push(request);
      return {
        text: request.schema ? '{"text":"ok","label":"positive"}' : "plain answer",
        json: undefined,
        usage: { inputTokens: 30, outputTokens: 7 },
        timing: { startedAt: new Date().toISOString(), durationMs: 1 },
      };
    },
    dispose: async () => {},
  };
  return { model, requests };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function start() {
  const { model, requests } = recordingModel();
  const server = await startServer({ model, port: 0 });
  closers.push(server.close);
  const post = (body: unknown) =>
    fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { server, requests, post };
}

describe("serve", () => {
  it("answers a chat completion in the OpenAI shape with usage", async () => {
    const { post, requests } = await start();
    const response = await post({
      model: "anything",
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      temperature: 0,
      top_p: 0.5,
      max_tokens: 9,
      seed: 11,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "smollm2-135m-instruct",
      choices: [{ index: 0, message: { role: "assistant", content: "plain answer" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 },
    });
    expect(requests[0]).toMatchObject({
      messages: [{ role: "user", content: "Hi" }],
      schema: undefined,
      sampling: { temperature: 0, topP: 0.5, maxTokens: 9, seed: 11 },
    });
  });

  it("turns response_format json_schema into a schema for constrained decoding", async () => {
    const { post, requests } = await start();
    const schema = { type: "object", properties: { text: { type: "string" } }, required: ["text"] };
    const response = await post({
      messages: [{ role: "user", content: "Hi" }],
      response_format: { type: "json_schema", json_schema: { name: "record", schema, strict: true } },
    });
    expect(response.status).toBe(200);
    expect(requests[0]?.schema).toEqual(schema);
  });

  it("rejects a bad body with 400 and one sentence naming the field", async () => {
    const { post, requests } = await start();
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /not valid JSON/],
      [{}, /`messages`/],
      [{ messages: [{ role: "robot", content: "x" }] }, /`messages\.0\.role`/],
      [{ messages: [{ role: "user", content: "x" }], temperature: "hot" }, /`temperature`/],
      [{ messages: [{ role: "user", content: "x" }], stream: true }, /streaming is not supported/],
      [
        { messages: [{ role: "user", content: "x" }], response_format: { type: "xml" } },
        /`response_format\.type`/,
      ],
      [
        {
          messages: [{ role: "user", content: "x" }],
          response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "string" } } },
        },
        /`response_format\.json_schema\.schema`: expected a JSON Schema of an object/,
      ],
    ];
    for (const [body, pattern] of cases) {
      const response = await post(body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toMatch(pattern);
      expect(error.message.split(". ").length).toBeLessThanOrEqual(2);
    }
    expect(requests).toHaveLength(0);
  });

  it("lists the model", async () => {
    const { server } = await start();
    const body = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(body.data.map((entry) => entry.id)).toEqual(["smollm2-135m-instruct"]);
  });

  it("is a server the OpenAI-compatible provider can use", async () => {
    const { server } = await start();
    const client = createOpenAICompatibleModel({ baseUrl: server.url, model: "smollm2-135m-instruct" });
    const result = await client.generate({
      messages: [{ role: "user", content: "Review?" }],
      schema: { type: "object", properties: { text: { type: "string" }, label: { type: "string" } } },
      sampling: { temperature: 0.7, topP: 0.9, topK: 40, maxTokens: 32, seed: 1 },
    });
    expect(result.json).toEqual({ text: "ok", label: "positive" });
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 7 });
  });
});
