// Prompts longer than the real model's context: `synthforge serve` answers 400 in OpenAI's
// shape with the real token count, and the embedded provider refuses them instead of letting
// llama.cpp drop the start of the prompt and answer the rest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "../../src/core/errors/ProviderError.js";
import type { EmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { type RunningServer, startServer } from "../../src/serve/startServer.js";
import { loadDefaultModel } from "../support/loadDefaultModel.js";

let model: EmbeddedModel;
let server: RunningServer;

beforeAll(async () => {
  model = await loadDefaultModel({ parallel: 1, contextSize: 2048 });
  server = await startServer({ model, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await model?.dispose();
});

const post = (body: unknown) =>
  fetch(`${server.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("prompts and the context window of the real model", () => {
  it("answers 400 context_length_exceeded with the prompt's real token count", async () => {
    const messages = [{ role: "user", content: "word ".repeat(3000) }];
    const promptTokens = model.countPromptTokens(messages as { role: "user"; content: string }[]);
    expect(promptTokens).toBeGreaterThan(2048);
    const response = await post({ messages });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: `This model's maximum context length is ${model.contextSize} tokens. However, your messages resulted in ${promptTokens} tokens, ${promptTokens + 1 - model.contextSize} more than fit with a one-token answer. Please reduce the length of the messages.`,
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    });
  });

  it("counts a prompt as the model sees it, and answers one that fits with what the context has left", async () => {
    const messages = [{ role: "user" as const, content: "word ".repeat(2000) }];
    const promptTokens = model.countPromptTokens(messages);
    const response = await post({ messages, temperature: 0, seed: 1 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    expect(body.usage.prompt_tokens).toBe(promptTokens);
    expect(body.usage.completion_tokens).toBeLessThanOrEqual(model.contextSize - promptTokens);
  });

  it("refuses an over-long prompt in the provider itself, so a run never generates from a cut prompt", async () => {
    const error = await model
      .generate({
        messages: [{ role: "user", content: "word ".repeat(3000) }],
        sampling: { temperature: 0, topP: 1, topK: 1, maxTokens: 8, seed: 1 },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/the prompt takes \d+ tokens, more than the 2048-token context/);
  });
});
