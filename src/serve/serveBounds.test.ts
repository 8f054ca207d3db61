// What one request may cost `synthforge serve`: each bound is refused with a 400 that names it
// before any grammar is compiled or any sequence taken, so a hostile request (a 50,000-value
// enum, a deep schema, a flood of choices) cannot hold the model while others wait.
import { afterEach, describe, expect, it } from "vitest";
import { fakeServedModel } from "../../test/support/fakeServedModel.js";
import { defaultServeLimits, schemaOverLimit } from "./ServeLimits.js";
import { startServer } from "./startServer.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function start() {
  const fake = fakeServedModel({ contextSize: 2048 });
  const server = await startServer({
    model: fake.model,
    port: 0,
    maxBodyBytes: 8 * 1024 * 1024,
    limits: { maxOutputTokens: 1024 },
  });
  closers.push(server.close);
  const post = async (body: unknown) => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      error: ((await response.json()) as { error?: { message: string; param: string } }).error,
    };
  };
  return { ...fake, post };
}

const messages = [{ role: "user", content: "Pick one" }];
const enumSchema = (count: number) => ({
  type: "object",
  properties: { choice: { type: "string", enum: Array.from({ length: count }, (_, index) => `v${index}`) } },
  required: ["choice"],
});
const jsonSchema = (schema: unknown) => ({ type: "json_schema", json_schema: { name: "pick", schema } });

describe("serve bounds what one request may cost", () => {
  it("refuses a 50,000-value enum by its size, and 513 short values by their count, without compiling either", async () => {
    const { post, compiled, requests } = await start();
    const huge = await post({ messages, response_format: jsonSchema(enumSchema(50_000)) });
    expect(huge.status).toBe(400);
    expect(huge.error?.message).toMatch(
      /^`response_format\.json_schema\.schema` is \d+ bytes of JSON; this server compiles schemas of at most 16384 bytes \(maxSchemaBytes\)\.$/,
    );
    const many = await post({ messages, response_format: jsonSchema(enumSchema(513)) });
    expect(many.status).toBe(400);
    expect(many.error?.message).toMatch(
      /brings the request's enum and const values to 513; this server compiles at most 512 \(maxSchemaValues\)/,
    );
    // The bound is on the request: 300 values in each of two tools' parameters are 600.
    const tools = [0, 1].map((index) => ({
      type: "function",
      function: { name: `tool${index}`, parameters: enumSchema(300) },
    }));
    const split = await post({ messages, tools, tool_choice: "required" });
    expect(split.status).toBe(400);
    expect(split.error?.param).toBe("tools.1.function.parameters");
    expect(compiled).toHaveLength(0);
    expect(requests).toHaveLength(0);
    expect((await post({ messages, response_format: jsonSchema(enumSchema(512)) })).status).toBe(200);
  });

  it("refuses a schema nested past the depth limit", async () => {
    const { post } = await start();
    let schema: Record<string, unknown> = { type: "string" };
    for (let level = 0; level < 20; level++)
      schema = { type: "object", properties: { inner: schema }, required: ["inner"] };
    const deep = await post({ messages, response_format: jsonSchema(schema) });
    expect(deep.status).toBe(400);
    expect(deep.error?.message).toMatch(
      /nests 21 levels deep; this server compiles schemas at most 12 deep \(maxSchemaDepth\)/,
    );
  });

  it("refuses more choices, output tokens or tools than the server allows, naming the limit", async () => {
    const { post, requests } = await start();
    const choices = await post({ messages, n: 9 });
    expect(choices).toMatchObject({
      status: 400,
      error: { param: "n", message: expect.stringMatching(/at most 8 choices per request \(maxChoices\)/) },
    });
    const output = await post({ messages, max_tokens: 1025 });
    expect(output).toMatchObject({
      status: 400,
      error: { message: expect.stringMatching(/at most 1024 tokens per choice \(maxOutputTokens\)/) },
    });
    const tools = Array.from({ length: 33 }, (_, index) => ({
      type: "function",
      function: { name: `t${index}` },
    }));
    const many = await post({ messages, tools });
    expect(many).toMatchObject({
      status: 400,
      error: {
        message: expect.stringMatching(/lists 33 tools; this server accepts at most 32 \(maxTools\)/),
      },
    });
    expect(requests).toHaveLength(0);
    // Without max_tokens an answer may take what the context leaves, but never past maxOutputTokens.
    expect((await post({ messages })).status).toBe(200);
    expect(requests[0]!.maxTokens).toBe(512);
    expect((await post({ messages, max_tokens: 1024 })).status).toBe(200);
  });

  it("counts a schema's depth by nesting, not by the maps that hold its properties", () => {
    const values = { count: 0 };
    const flat = {
      type: "object",
      properties: Object.fromEntries(
        Array.from({ length: 50 }, (_, index) => [`p${index}`, { type: "string" }]),
      ),
    };
    expect(schemaOverLimit(flat, "f", defaultServeLimits, values)).toBeUndefined();
    expect(
      schemaOverLimit({ const: "a", anyOf: [{ const: "b" }] }, "f", defaultServeLimits, values),
    ).toBeUndefined();
    expect(values.count).toBe(2);
  });
});
