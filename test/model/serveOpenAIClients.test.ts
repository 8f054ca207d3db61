// `synthforge serve` with the real model, driven by the official OpenAI clients (the `openai`
// npm package, and the `openai` Python package in a venv this test installs from pinned
// requirements): listing models, chat, streaming (the streamed text is the unstreamed text at
// temperature 0 with a seed), n, stop, logprobs, tool calls that parse, `parse` with a schema
// streamed and not, and completions; then 32 streaming clients at once, a quarter of them
// hanging up midway, with no sequence left busy. Modelled on llama.cpp's tools/server/tests
// and vLLM's tests/entrypoints/openai.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { type RunningServer, startServer } from "../../src/serve/startServer.js";
import { loadDefaultModel } from "../support/loadDefaultModel.js";
import { ensureOpenAIPython } from "../support/openaiPython.js";

let model: EmbeddedModel;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  model = await loadDefaultModel({ parallel: 4, contextSize: 1024 });
  server = await startServer({ model, port: 0 });
  client = new OpenAI({ baseURL: server.url, apiKey: "unused", maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
  await model?.dispose();
});

const ask = [{ role: "user" as const, content: "Name three fruits." }];
const greedy = { temperature: 0, seed: 7, max_tokens: 24 };

describe("serve with the official openai npm client", () => {
  it("lists the model and answers a chat completion, streamed exactly as unstreamed at temperature 0", async () => {
    const models = await client.models.list();
    const id = models.data[0]!.id;
    expect(id).toBe("smollm2-135m-instruct");
    const plain = await client.chat.completions.create({ model: id, messages: ask, ...greedy });
    const text = plain.choices[0]!.message.content ?? "";
    expect(text.length).toBeGreaterThan(0);
    const stream = await client.chat.completions.create({
      model: id,
      messages: ask,
      ...greedy,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamed = "";
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        streamed += choice.delta.content ?? "";
        if (choice.finish_reason) finishes.push(choice.finish_reason);
      }
    }
    expect(streamed).toBe(text);
    expect(finishes).toEqual([plain.choices[0]!.finish_reason]);
    expect(usage).toEqual(plain.usage);
  });

  it("answers n choices, cuts at a stop string, and returns logprobs (refusing top_logprobs 21)", async () => {
    const several = await client.chat.completions.create({
      model: "m",
      messages: ask,
      n: 3,
      temperature: 1,
      seed: 3,
      max_tokens: 12,
    });
    expect(several.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(several.usage?.completion_tokens).toBeGreaterThan(several.choices.length);
    // The stop string is a piece of the answer itself, so the cut is known whatever the model writes.
    const whole = await client.chat.completions.create({ model: "m", messages: ask, ...greedy });
    const full = whole.choices[0]!.message.content ?? "";
    const stop = full.slice(4, 7);
    const stopped = await client.chat.completions.create({
      model: "m",
      messages: ask,
      ...greedy,
      stop: [stop],
    });
    expect(stopped.choices[0]!.message.content).toBe(full.slice(0, full.indexOf(stop)));
    expect(stopped.choices[0]!.finish_reason).toBe("stop");
    const probable = await client.chat.completions.create({
      model: "m",
      messages: ask,
      ...greedy,
      logprobs: true,
      top_logprobs: 3,
    });
    const content = probable.choices[0]!.logprobs!.content!;
    expect(content.map((entry) => entry.token).join("")).toBe(probable.choices[0]!.message.content);
    for (const entry of content) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.top_logprobs).toHaveLength(3);
      // Greedy decoding picks the most likely token.
      expect(entry.logprob).toBeCloseTo(entry.top_logprobs[0]!.logprob, 5);
    }
    const refused = await client.chat.completions
      .create({ model: "m", messages: ask, logprobs: true, top_logprobs: 21 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("calls a tool with arguments that follow its schema, streamed or not", async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: "function",
        function: {
          name: "get_weather",
          parameters: {
            type: "object",
            properties: { city: { type: "string" }, days: { type: "integer" } },
            required: ["city", "days"],
            additionalProperties: false,
          },
        },
      },
    ];
    const messages = [
      { role: "user" as const, content: "What is the weather in Paris for the next 3 days?" },
    ];
    const called = await client.chat.completions.create({
      model: "m",
      messages,
      tools,
      tool_choice: "required",
      temperature: 0,
      seed: 1,
      max_tokens: 60,
    });
    expect(called.choices[0]!.finish_reason).toBe("tool_calls");
    const call = called.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe("get_weather");
    const args = JSON.parse(call.function.arguments) as { city: unknown; days: unknown };
    expect(typeof args.city).toBe("string");
    expect(Number.isInteger(args.days)).toBe(true);
    const stream = client.chat.completions.stream({
      model: "m",
      messages,
      tools,
      tool_choice: "required",
      temperature: 0,
      seed: 1,
      max_tokens: 60,
    });
    const fragments: string[] = [];
    const announced: unknown[] = [];
    stream.on("chunk", (chunk) => {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) if (delta.id) announced.push(delta);
    });
    stream.on("tool_calls.function.arguments.delta", (event) => fragments.push(event.arguments_delta));
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect(final.choices[0]!.message.tool_calls).toMatchObject(
      called.choices[0]!.message.tool_calls!.map((each) => ({ ...each, id: expect.any(String) })),
    );
    // Streamed as OpenAI does: the call announced once, then its arguments in pieces as they decode.
    expect(announced).toEqual([
      {
        index: 0,
        id: expect.any(String),
        type: "function",
        function: { name: "get_weather", arguments: "" },
      },
    ]);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.join("")).toBe(call.function.arguments);
  });

  it("parses a structured answer with a zod schema, streamed and not, and completes a plain prompt", async () => {
    const Review = z.object({ sentiment: z.enum(["positive", "negative"]), stars: z.number().int() });
    const messages = [{ role: "user" as const, content: "Review: great lamp, five stars." }];
    const body = {
      model: "m",
      messages,
      response_format: zodResponseFormat(Review, "review"),
      temperature: 0,
      seed: 1,
      max_tokens: 60,
    };
    const parsed = await client.chat.completions.parse(body);
    expect(Review.parse(parsed.choices[0]!.message.parsed)).toEqual(parsed.choices[0]!.message.parsed);
    const streamed = await client.chat.completions.stream(body).finalChatCompletion();
    expect(streamed.choices[0]!.message.parsed).toEqual(parsed.choices[0]!.message.parsed);
    const completion = await client.completions.create({
      model: "m",
      prompt: "The capital of France is",
      max_tokens: 8,
      temperature: 0,
      seed: 1,
    });
    let streamedText = "";
    for await (const chunk of await client.completions.create({
      model: "m",
      prompt: "The capital of France is",
      max_tokens: 8,
      temperature: 0,
      seed: 1,
      stream: true,
    })) {
      streamedText += chunk.choices[0]?.text ?? "";
    }
    expect(completion.choices[0]!.text.length).toBeGreaterThan(0);
    expect(streamedText).toBe(completion.choices[0]!.text);
  });

  it("serves 32 streaming clients at once, 8 hanging up midway, and leaks no sequence", async () => {
    const clients = 32;
    const results = await Promise.all(
      Array.from({ length: clients }, async (_, index) => {
        const hangUp = index % 4 === 3;
        const controller = new AbortController();
        const stream = await client.chat.completions.create(
          {
            model: "m",
            messages: [{ role: "user", content: `Say something about the number ${index}.` }],
            stream: true,
            temperature: 0.7,
            seed: index,
            max_tokens: hangUp ? 200 : 16,
          },
          { signal: controller.signal },
        );
        let chunks = 0;
        const finishes: string[] = [];
        try {
          for await (const chunk of stream) {
            chunks++;
            for (const choice of chunk.choices) if (choice.finish_reason) finishes.push(choice.finish_reason);
            if (hangUp && chunks === 3) controller.abort();
          }
        } catch (error) {
          if (!hangUp) throw error;
        }
        return { hangUp, chunks, finishes };
      }),
    );
    for (const result of results) {
      if (result.hangUp) expect(result.chunks).toBe(3);
      else expect(result.finishes).toHaveLength(1);
    }
    expect(results.filter((result) => result.hangUp)).toHaveLength(8);
    // The hung-up decodes stop at once: within a few polls every sequence is back.
    for (let poll = 0; poll < 50 && model.load().busy > 0; poll++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(model.load()).toEqual({ busy: 0, waiting: 0 });
    // And the server still answers.
    const after = await client.chat.completions.create({ model: "m", messages: ask, ...greedy });
    expect(after.choices[0]!.message.content?.length).toBeGreaterThan(0);
  });
});

/** What test/model/openaiClients/drive.py prints. */
interface DriveOutput {
  models: string[];
  chat: { text: string; finish: string; usage: unknown };
  stream: { text: string; finishes: string[]; ids: number; roles: string[]; usage: unknown };
  n: string[];
  stop: { text: string; finish: string; expected: string };
  logprobs: { tokens: string[]; logprobs: number[]; top: number[]; text: string };
  top_logprobs_21: number | string;
  tools: { finish: string; name: string; arguments: Record<string, unknown> };
  tools_stream: { finish: string; name: string; arguments: string; deltas: number; announced: number };
  parse: Record<string, unknown>;
  parse_stream: { parsed: Record<string, unknown>; deltas: number };
  completions: { text: string; streamed: string; finish: string };
}

describe("serve with the official openai Python client", () => {
  it("drives every feature through the Python SDK", async () => {
    const python = ensureOpenAIPython();
    const script = fileURLToPath(new URL("./openaiClients/drive.py", import.meta.url));
    const { stdout } = await promisify(execFile)(python, [script, server.url], { timeout: 240_000 });
    const out = JSON.parse(stdout) as DriveOutput;
    expect(out.models).toEqual(["smollm2-135m-instruct"]);
    expect(out.chat.text.length).toBeGreaterThan(0);
    expect(out.stream).toMatchObject({
      text: out.chat.text,
      finishes: [out.chat.finish],
      ids: 1,
      roles: ["assistant"],
      usage: out.chat.usage,
    });
    expect(out.n).toHaveLength(3);
    expect(out.stop).toMatchObject({ finish: "stop", text: out.stop.expected });
    expect(out.logprobs.tokens.join("")).toBe(out.logprobs.text);
    expect(new Set(out.logprobs.top)).toEqual(new Set([3]));
    expect(out.top_logprobs_21).toBe(400);
    expect(out.tools).toMatchObject({ finish: "tool_calls", name: "get_weather" });
    expect(Object.keys(out.tools.arguments).sort()).toEqual(["city", "days"]);
    expect(Number.isInteger(out.tools.arguments.days)).toBe(true);
    // Python's stream helper accumulates the call from its first delta and the argument pieces.
    expect(out.tools_stream).toMatchObject({ finish: "tool_calls", name: "get_weather", announced: 1 });
    expect(JSON.parse(out.tools_stream.arguments)).toEqual(out.tools.arguments);
    expect(out.tools_stream.deltas).toBeGreaterThan(1);
    expect(Object.keys(out.parse).sort()).toEqual(["sentiment", "stars"]);
    expect(Object.keys(out.parse_stream.parsed).sort()).toEqual(["sentiment", "stars"]);
    expect(out.parse_stream.deltas).toBeGreaterThan(1);
    expect(out.completions.streamed).toBe(out.completions.text);
  }, 600_000);
});
