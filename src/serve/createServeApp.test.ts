import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeServedModelOptions, fakeServedModel } from "../../test/support/fakeServedModel.js";
import { createOpenAICompatibleModel } from "../providers/openai-compatible/createOpenAICompatibleModel.js";
import { type StartServerOptions, startServer } from "./startServer.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function start(options: FakeServedModelOptions = {}, server: Omit<StartServerOptions, "model"> = {}) {
  const fake = fakeServedModel(options);
  const running = await startServer({ model: fake.model, port: 0, ...server });
  closers.push(running.close);
  const post = (body: unknown, route = "/chat/completions") =>
    fetch(`${running.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { server: running, ...fake, post };
}

const user = (content: string) => [{ role: "user", content }];

/** The `data:` events of a server-sent event stream, `[DONE]` as the string. */
async function events(response: Response): Promise<unknown[]> {
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await response.text();
  expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice(6))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

interface Chunk {
  id: string;
  object: string;
  choices: {
    index: number;
    delta: Record<string, unknown>;
    finish_reason: string | null;
    logprobs: unknown;
  }[];
  usage?: unknown;
}

describe("serve: chat completions", () => {
  it("answers in the OpenAI shape with usage, and passes the sampling fields to the decoder", async () => {
    const { post, requests } = await start();
    const response = await post({
      model: "anything",
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      temperature: 0,
      top_p: 0.5,
      max_tokens: 9,
      seed: 11,
      presence_penalty: 0.5,
      frequency_penalty: -0.25,
      stop: "never",
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "smollm2-135m-instruct",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "plain answer" },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    });
    expect(requests[0]).toMatchObject({
      prompt: { messages: [{ role: "user", content: "Hi" }] },
      temperature: 0,
      topP: 0.5,
      maxTokens: 9,
      seed: 11,
      presencePenalty: 0.5,
      frequencyPenalty: -0.25,
      stop: ["never"],
    });
  });

  it("streams as OpenAI does: role first, one id, finish_reason once on the last choice chunk, usage, [DONE]", async () => {
    const { post } = await start({ answer: () => ["Hel", "lo", " there"] });
    const stream = await events(
      await post({ messages: user("Hi"), stream: true, stream_options: { include_usage: true }, seed: 1 }),
    );
    expect(stream.at(-1)).toBe("[DONE]");
    const chunks = stream.slice(0, -1) as Chunk[];
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    const withChoices = chunks.filter((chunk) => chunk.choices.length > 0);
    const finishes = withChoices.filter((chunk) => chunk.choices[0]!.finish_reason !== null);
    expect(finishes).toHaveLength(1);
    expect(finishes[0]).toBe(withChoices.at(-1));
    expect(finishes[0]!.choices[0]!.finish_reason).toBe("stop");
    expect(withChoices.map((chunk) => chunk.choices[0]!.delta.content ?? "").join("")).toBe("Hello there");
    // Every chunk carries usage: null, and a last one has no choices and the usage.
    expect(withChoices.every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
    });
  });

  it("gathers the pieces decoded within the stream interval into one event, the first piece at once", async () => {
    const tokens = ["One", " two", " three", " four", " five"];
    // An interval longer than any decode here: the first piece goes out alone, the rest together at the end.
    const { post } = await start({ answer: () => tokens }, { limits: { streamIntervalMs: 3_600_000 } });
    const chat = (
      (await events(await post({ messages: user("Count"), stream: true }))).slice(0, -1) as Chunk[]
    ).map((chunk) => chunk.choices[0]!);
    expect(chat.map((choice) => choice.delta)).toEqual([
      { role: "assistant", content: "" },
      { content: "One" },
      { content: " two three four five" },
      {},
    ]);
    expect(chat.map((choice) => choice.finish_reason)).toEqual([null, null, null, "stop"]);
    const completion = (
      (await events(await post({ prompt: "Count", stream: true, logprobs: 1 }, "/completions"))) as {
        choices: { text: string; logprobs: { tokens: string[]; text_offset: number[] } | null }[];
      }[]
    )
      .slice(0, -1)
      .map((chunk) => chunk.choices[0]!);
    expect(completion.map((choice) => choice.text)).toEqual(["One", " two three four five", ""]);
    expect(completion[1]!.logprobs).toMatchObject({
      tokens: [" two", " three", " four", " five"],
      text_offset: [3, 7, 13, 18],
    });
  });

  it("streams n choices, each with its own seed, finishing each once", async () => {
    const { post, requests } = await start({ answer: (request) => [`seed ${request.seed}`, "!"] });
    const chunks = (await events(await post({ messages: user("Hi"), stream: true, n: 3, seed: 7 }))).slice(
      0,
      -1,
    ) as Chunk[];
    expect(requests.map((request) => request.seed).sort()).toEqual([7, 8, 9]);
    for (const index of [0, 1, 2]) {
      const mine = chunks.flatMap((chunk) => chunk.choices).filter((choice) => choice.index === index);
      expect(mine[0]!.delta.role).toBe("assistant");
      expect(mine.filter((choice) => choice.finish_reason !== null)).toHaveLength(1);
      expect(mine.at(-1)!.finish_reason).toBe("stop");
      expect(mine.map((choice) => choice.delta.content ?? "").join("")).toBe(`seed ${7 + index}!`);
    }
  });

  it("cuts the answer before a stop string (one split across tokens too), streamed or not, and says length at max_tokens", async () => {
    const { post } = await start({ answer: () => ["one, tw", "o. STO", "P three"] });
    const plain = (await (await post({ messages: user("count"), stop: ["STOP", "zzz"] })).json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
    };
    expect(plain.choices[0]).toMatchObject({ message: { content: "one, two. " }, finish_reason: "stop" });
    const chunks = (await events(await post({ messages: user("count"), stop: "STOP", stream: true }))).slice(
      0,
      -1,
    ) as Chunk[];
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("one, two. ");
    const cut = (await (await post({ messages: user("count"), max_completion_tokens: 2 })).json()) as {
      choices: { finish_reason: string }[];
    };
    expect(cut.choices[0]!.finish_reason).toBe("length");
  });

  it("returns logprobs with top_logprobs, and refuses more than 20 alternatives or top_logprobs without logprobs", async () => {
    const { post, requests } = await start();
    const body = (await (await post({ messages: user("Hi"), logprobs: true, top_logprobs: 3 })).json()) as {
      choices: { logprobs: { content: { token: string; logprob: number }[] } }[];
    };
    expect(requests[0]!.topLogprobs).toBe(3);
    expect(body.choices[0]!.logprobs.content.map((entry) => entry.token)).toEqual(["plain", " answer"]);
    const tooMany = await post({ messages: user("Hi"), logprobs: true, top_logprobs: 21 });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(
      /`top_logprobs`.*at most 20/,
    );
    const alone = await post({ messages: user("Hi"), top_logprobs: 2 });
    expect(alone.status).toBe(400);
    expect(requests).toHaveLength(1);
  });

  it("turns response_format json_schema and json_object into schemas for constrained decoding", async () => {
    const { post, requests, compiled } = await start();
    const schema = { type: "object", properties: { text: { type: "string" } }, required: ["text"] };
    const response = await post({
      messages: user("Hi"),
      response_format: { type: "json_schema", json_schema: { name: "record", schema, strict: true } },
    });
    expect(response.status).toBe(200);
    expect(requests[0]?.schema).toEqual(schema);
    expect(compiled).toContainEqual(schema);
    // zod's JSON Schema names its draft (the openai npm client's zodResponseFormat sends it).
    const drafted = await post({
      messages: user("Hi"),
      response_format: {
        type: "json_schema",
        json_schema: { name: "r", schema: { $schema: "http://json-schema.org/draft-07/schema#", ...schema } },
      },
    });
    expect(drafted.status).toBe(200);
    expect(requests.at(-1)?.schema).toEqual(schema);
    await post({ messages: user("Hi"), response_format: { type: "json_object" } });
    expect(requests.at(-1)?.schema).toMatchObject({ type: "object", additionalProperties: true });
  });

  it("answers a forced tool call as tool_calls with the arguments the grammar constrained, streamed or not", async () => {
    const call = ['{"name": "get_weather", ', '"arguments":', ' {"ci', 'ty": "Par', 'is"}', "}"];
    // Every piece an event of its own, to see the arguments stream as they decode.
    const { post, requests } = await start({ answer: () => call }, { limits: { streamIntervalMs: 0 } });
    const tools = [
      {
        type: "function",
        function: {
          name: "get_weather",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
      { type: "function", function: { name: "get_time" } },
    ];
    const body = (await (
      await post({ messages: user("Weather in Paris?"), tools, tool_choice: "required" })
    ).json()) as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
    expect(body.choices[0]!.finish_reason).toBe("tool_calls");
    expect(body.choices[0]!.message).toMatchObject({
      content: null,
      tool_calls: [{ type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }],
    });
    // The decoder got one schema: either tool's call, each with its own arguments.
    expect(requests[0]!.schema).toMatchObject({
      oneOf: [{ properties: { name: { const: "get_weather" } } }, {}],
    });
    expect(
      (requests[0]!.prompt as { messages: { role: string; content: string }[] }).messages[0],
    ).toMatchObject({
      role: "system",
      content: expect.stringContaining('"name":"get_weather"'),
    });
    const chunks = (
      await events(
        await post({
          messages: user("Weather?"),
          tools,
          tool_choice: { type: "function", function: { name: "get_weather" } },
          stream: true,
        }),
      )
    ).slice(0, -1) as Chunk[];
    const deltas = chunks.map((chunk) => chunk.choices[0]!);
    expect(
      deltas.some((choice) => typeof choice.delta.content === "string" && choice.delta.content !== ""),
    ).toBe(false);
    // As OpenAI streams a call: first its index, id, type and name with empty arguments, then
    // the arguments as they decode, each delta naming only the index.
    const calls = deltas.flatMap((choice) => (choice.delta.tool_calls as Record<string, unknown>[]) ?? []);
    expect(calls[0]).toEqual({
      index: 0,
      id: expect.stringMatching(/^call_/),
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(calls.slice(1)).toEqual([
      { index: 0, function: { arguments: '{"ci' } },
      { index: 0, function: { arguments: 'ty": "Par' } },
      { index: 0, function: { arguments: 'is"}' } },
    ]);
    expect(deltas.at(-1)!.finish_reason).toBe("tool_calls");
    // A call cut off at max_tokens is still the call, with the arguments decoded so far.
    const cut = (await (
      await post({ messages: user("Weather?"), tools, tool_choice: "required", max_tokens: 3 })
    ).json()) as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
    expect(cut.choices[0]!.finish_reason).toBe("length");
    expect(cut.choices[0]!.message).toMatchObject({
      content: null,
      tool_calls: [{ function: { name: "get_weather", arguments: '{"ci' } }],
    });
  });

  it("with tool_choice auto, streams text that is not a call, and constrains what follows the call trigger", async () => {
    const tools = [
      { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } },
    ];
    const texts = [
      ["<to", "ol_call>", '{"name": "lookup", "arguments": {}}'],
      ["<b>", "Hello"],
    ];
    const { post, requests } = await start({ answer: (_request, call) => texts[call]! });
    const called = (await (await post({ messages: user("Look it up"), tools })).json()) as {
      choices: { message: { tool_calls?: unknown[] }; finish_reason: string }[];
    };
    expect(called.choices[0]!.finish_reason).toBe("tool_calls");
    expect(requests[0]!.triggeredSchema).toMatchObject({ trigger: "<tool_call>" });
    expect(requests[0]!.schema).toBeUndefined();
    const chunks = (await events(await post({ messages: user("Hi"), tools, stream: true }))).slice(
      0,
      -1,
    ) as Chunk[];
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content ?? "").join("")).toBe("<b>Hello");
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });

  it("renders earlier tool calls and tool results into the conversation", async () => {
    const { post, requests } = await start();
    await post({
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "Weather?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "3 °C" },
      ],
      tools: [{ type: "function", function: { name: "get_weather" } }],
      tool_choice: "none",
    });
    expect((requests[0]!.prompt as { messages: unknown[] }).messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather?" },
      {
        role: "assistant",
        content: '<tool_call>{"name": "get_weather", "arguments": {"city":"Oslo"}}</tool_call>',
      },
      { role: "user", content: "<tool_response>\n3 °C\n</tool_response>" },
    ]);
  });

  it("rejects a bad body with 400 and one sentence naming the field, and never ignores an unsupported one", async () => {
    const { post, requests } = await start({ rejectSchemaKey: "patternProperties" });
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /not valid JSON/],
      [{}, /`messages`/],
      [{ messages: [{ role: "robot", content: "x" }] }, /`messages\.0\.role`/],
      [{ messages: user("x"), temperature: "hot" }, /`temperature`/],
      [
        { messages: user("x"), logit_bias: { "50256": -100 } },
        /^The request field `logit_bias` is not supported by this server\.$/,
      ],
      [{ messages: user("x"), functions: [] }, /`functions` is not supported/],
      [{ messages: user("x"), stop: ["a", "b", "c", "d", "e"] }, /`stop`.*at most 4/],
      [{ messages: user("x"), response_format: { type: "xml" } }, /`response_format\.type`/],
      [
        {
          messages: user("x"),
          response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "string" } } },
        },
        /`response_format\.json_schema\.schema`: expected a JSON Schema of an object/,
      ],
      [
        {
          messages: user("x"),
          response_format: {
            type: "json_schema",
            json_schema: {
              name: "r",
              schema: { type: "object", properties: {}, patternProperties: { a: {} } },
            },
          },
        },
        /`response_format\.json_schema\.schema` cannot be compiled to a grammar: unsupported keyword patternProperties\./,
      ],
      [
        {
          messages: user("x"),
          tools: [{ type: "function", function: { name: "a" } }],
          tool_choice: { type: "function", function: { name: "b" } },
        },
        /`tool_choice` names the tool "b"/,
      ],
      [
        {
          messages: user("x"),
          tools: [{ type: "function", function: { name: "a" } }],
          response_format: { type: "json_object" },
        },
        /`response_format` cannot constrain an answer that may be a tool call/,
      ],
    ];
    for (const [body, pattern] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toMatch(pattern);
    }
    expect(requests).toHaveLength(0);
  });

  it("stops decoding and frees the sequence at once when a streaming client disconnects", async () => {
    const fake = await start({ answer: () => Array.from({ length: 1000 }, () => "x"), tokenDelayMs: 2 });
    const { port } = new URL(fake.server.url);
    await new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/v1/chat/completions",
          headers: { "content-type": "application/json" },
        },
        (response) => {
          let seen = 0;
          response.on("data", () => {
            seen++;
            if (seen === 5) {
              request.destroy();
              resolve();
            }
          });
        },
      );
      request.on("error", (error: NodeJS.ErrnoException) =>
        error.code === "ECONNRESET" ? undefined : reject(error),
      );
      request.end(JSON.stringify({ messages: user("long"), stream: true, max_tokens: 1000 }));
    });
    const until = Date.now() + 2000;
    while (fake.model.load().busy > 0 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.model.load().busy).toBe(0);
    expect(fake.requests[0]!.signal?.aborted).toBe(true);
  });

  it("lists the model, and names a served adapter by file with its base as root", async () => {
    const { server } = await start();
    const body = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(body.data.map((entry) => entry.id)).toEqual(["smollm2-135m-instruct"]);
    const named = await start({}, { name: { id: "sentiment-en-sft-lora", root: "smollm2-135m-instruct" } });
    const listed = (await (await fetch(`${named.server.url}/models`)).json()) as { data: unknown[] };
    expect(listed.data).toMatchObject([
      { id: "sentiment-en-sft-lora", root: "smollm2-135m-instruct", object: "model" },
    ]);
    const answer = (await (await named.post({ messages: user("Hi") })).json()) as { model: string };
    expect(answer.model).toBe("sentiment-en-sft-lora");
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
  });
});

describe("serve: completions", () => {
  it("continues a plain prompt, n choices, with legacy logprobs, streamed or not", async () => {
    const { post, requests } = await start({ answer: () => ["Once", " upon"] });
    const body = (await (
      await post({ prompt: "Tell me", max_tokens: 5, n: 2, logprobs: 2, seed: 3 }, "/completions")
    ).json()) as {
      object: string;
      choices: { index: number; text: string; logprobs: { tokens: string[]; text_offset: number[] } }[];
      usage: { prompt_tokens: number };
    };
    expect(body.object).toBe("text_completion");
    expect(body.choices.map((choice) => choice.text)).toEqual(["Once upon", "Once upon"]);
    expect(body.choices[0]!.logprobs).toMatchObject({ tokens: ["Once", " upon"], text_offset: [0, 4] });
    expect(body.usage.prompt_tokens).toBe(7);
    expect(requests[0]).toMatchObject({ prompt: { text: "Tell me" }, maxTokens: 5, topLogprobs: 2 });
    const stream = await events(
      await post(
        { prompt: "Tell me", stream: true, stream_options: { include_usage: true } },
        "/completions",
      ),
    );
    const chunks = stream.slice(0, -1) as {
      object: string;
      choices: { text: string; finish_reason: string | null }[];
      usage: unknown;
    }[];
    expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
    expect(
      chunks
        .flatMap((chunk) => chunk.choices)
        .map((choice) => choice.text)
        .join(""),
    ).toBe("Once upon");
    expect(
      chunks.flatMap((chunk) => chunk.choices).filter((choice) => choice.finish_reason !== null),
    ).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 2 } });
  });

  it("refuses what it does not support by name", async () => {
    const { post } = await start();
    for (const [body, pattern] of [
      [{ prompt: "x", suffix: "y" }, /`suffix` is not supported/],
      [{ prompt: "x", echo: true }, /echo is not supported/],
      [{ prompt: ["a", "b"] }, /one prompt per request/],
      [{ prompt: "x", logprobs: 6 }, /`logprobs`.*at most 5/],
    ] as const) {
      const response = await post(body, "/completions");
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(pattern);
    }
  });
});
