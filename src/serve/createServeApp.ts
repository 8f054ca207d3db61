import { randomUUID } from "node:crypto";
import path from "node:path";
import { type Context, Hono } from "hono";
import { CancelledError } from "../core/errors/CancelledError.js";
import { SynthforgeError } from "../core/errors/SynthforgeError.js";
import { compileRecordSchema } from "../core/recordSchema.js";
import { checkHostAndOrigin } from "../http/checkHostAndOrigin.js";
import { describeRequestIssue } from "../http/describeRequestIssue.js";
import type { HttpRefusal } from "../http/HttpRefusal.js";
import { jsonBodyChecks } from "../http/jsonBodyChecks.js";
import { refuseUnknownRoutes } from "../http/refuseUnknownRoutes.js";
import { requireBearerToken } from "../http/requireBearerToken.js";
import type { ChatMessage, LanguageModel } from "../providers/LanguageModel.js";
import { type ChatCompletionRequest, chatCompletionRequestSchema } from "./chatCompletionRequestSchema.js";
import { defaultMaxBodyBytes, type ServeSecurity } from "./ServeSecurity.js";

/** Sampling defaults of `synthforge serve` for fields a request leaves out (the recipe's defaults). */
export const serveSamplingDefaults = { temperature: 0.7, topP: 0.92, topK: 40, maxTokens: 512 } as const;

/** A JSON object of any shape: what `response_format: json_object` constrains the answer to. */
const anyObjectSchema: Record<string, unknown> = {
  type: "object",
  properties: {},
  additionalProperties: true,
};

const errorBody = (message: string, type: string, param?: string | null, code?: string) => ({
  error: { message, type, param: param ?? null, code: code ?? null },
});

/** A refusal in OpenAI's error shape. */
const refuse = (c: Context, refusal: HttpRefusal) =>
  c.json(errorBody(refusal.message, refusal.type, null, refusal.code), refusal.status);

/** The routes and the methods each answers; another method gets 405 with an `Allow` header. */
const routes: Record<string, string> = {
  "/health": "GET",
  "/v1/models": "GET",
  "/v1/chat/completions": "POST",
};

/**
 * The OpenAI-compatible HTTP API over one language model: `POST /v1/chat/completions`
 * (with `response_format` json_schema / json_object turned into constrained decoding) and
 * `GET /v1/models`. Every refusal is one sentence in OpenAI's error shape: a foreign `Host`
 * or browser `Origin` gets 403, a missing or wrong API key 401, a wrong method 405, a body
 * that is not `application/json` 415, a body over the size limit 413, a body that breaks the
 * request shape 400 naming the field, and a prompt that does not fit the model's context 400
 * (`context_length_exceeded`).
 */
export function createServeApp(model: LanguageModel, security: ServeSecurity = {}): Hono {
  const app = new Hono();
  const maxBodyBytes = security.maxBodyBytes ?? defaultMaxBodyBytes;
  app.use(
    "*",
    checkHostAndOrigin(
      {
        loopbackHostOnly: security.loopbackHostOnly ?? false,
        allowLoopbackOrigins: true,
        allowedOrigins: security.allowedOrigins ?? [],
        allowOriginOption: "--allow-origin",
      },
      refuse,
    ),
  );
  if (security.apiKey !== undefined) {
    app.use(
      "/v1/*",
      requireBearerToken(
        {
          token: security.apiKey,
          missing: "This server needs an API key: send it as Authorization: Bearer <key>.",
          wrong: "Incorrect API key provided.",
        },
        refuse,
      ),
    );
  }
  // The adapter by file name: a served id should not reveal the server's folders.
  const modelId = model.identity.adapter
    ? `${model.identity.id}+${path.basename(model.identity.adapter)}`
    : model.identity.id;
  const created = Math.floor(Date.now() / 1000);

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.get("/v1/models", (c) =>
    c.json({ object: "list", data: [{ id: modelId, object: "model", created, owned_by: "synthforge" }] }),
  );

  app.post("/v1/chat/completions", ...jsonBodyChecks(maxBodyBytes, refuse), async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json(errorBody("The request body is not valid JSON.", "invalid_request_error"), 400);
    }
    const parsed = chatCompletionRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const param = parsed.error.issues[0]?.path.map(String).join(".");
      return c.json(errorBody(describeRequestIssue(parsed.error), "invalid_request_error", param), 400);
    }
    const request = parsed.data;
    if (request.response_format?.type === "json_schema") {
      try {
        compileRecordSchema(request.response_format.json_schema.schema);
      } catch (error) {
        return c.json(
          errorBody(
            `\`response_format.json_schema.schema\`: expected a JSON Schema of an object with properties; ${(error as Error).message}.`,
            "invalid_request_error",
            "response_format.json_schema.schema",
          ),
          400,
        );
      }
    }
    const messages = toMessages(request);
    const requested = request.max_completion_tokens ?? request.max_tokens;
    let maxTokens = requested ?? serveSamplingDefaults.maxTokens;
    if (model.contextSize !== undefined && model.countPromptTokens) {
      // As OpenAI does: the prompt and the answer it asks for must fit the context together.
      const promptTokens = model.countPromptTokens(messages);
      if (promptTokens + (requested ?? 1) > model.contextSize) {
        return c.json(
          errorBody(
            requested === undefined
              ? `This model's maximum context length is ${model.contextSize} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`
              : `This model's maximum context length is ${model.contextSize} tokens. However, you requested ${promptTokens + requested} tokens (${promptTokens} in the messages, ${requested} in the completion). Please reduce the length of the messages or completion.`,
            "invalid_request_error",
            "messages",
            "context_length_exceeded",
          ),
          400,
        );
      }
      // Without max_tokens, the answer may use what the context has left.
      if (requested === undefined) maxTokens = Math.min(maxTokens, model.contextSize - promptTokens);
    }
    try {
      const result = await model.generate({
        messages,
        schema: schemaOf(request),
        sampling: {
          temperature: request.temperature ?? serveSamplingDefaults.temperature,
          topP: request.top_p ?? serveSamplingDefaults.topP,
          topK: request.top_k ?? serveSamplingDefaults.topK,
          maxTokens,
          seed: request.seed ?? Math.floor(Math.random() * 2 ** 31),
        },
        signal: c.req.raw.signal,
      });
      const { inputTokens, outputTokens } = result.usage;
      return c.json({
        id: `chatcmpl-${randomUUID()}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: modelId,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: result.text },
            // As OpenAI does: "length" tells the client the answer was cut at max_tokens.
            finish_reason: outputTokens >= maxTokens ? "length" : "stop",
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: inputTokens,
          completion_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
        },
      });
    } catch (error) {
      if (error instanceof CancelledError || c.req.raw.signal.aborted) {
        return c.json(errorBody("The request was cancelled.", "cancelled"), 503);
      }
      const message = error instanceof SynthforgeError ? error.message : "The model failed to answer.";
      return c.json(errorBody(message, "server_error"), 500);
    }
  });

  refuseUnknownRoutes(app, routes, refuse);
  return app;
}

function toMessages(request: ChatCompletionRequest): ChatMessage[] {
  return request.messages.map((message) => ({
    role: message.role,
    content:
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => part.text).join(""),
  }));
}

function schemaOf(request: ChatCompletionRequest): Record<string, unknown> | undefined {
  const format = request.response_format;
  if (format?.type === "json_schema") return format.json_schema.schema;
  if (format?.type === "json_object") return anyObjectSchema;
  return undefined;
}
