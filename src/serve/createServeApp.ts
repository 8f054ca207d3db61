import { randomUUID, timingSafeEqual } from "node:crypto";
import path from "node:path";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describeRequestIssue } from "../core/describeRequestIssue.js";
import { CancelledError } from "../core/errors/CancelledError.js";
import { SynthforgeError } from "../core/errors/SynthforgeError.js";
import { isLoopbackHost } from "../core/isLoopbackHost.js";
import { compileRecordSchema } from "../core/recordSchema.js";
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
  app.use("*", checkHostAndOrigin(security));
  if (security.apiKey !== undefined) app.use("/v1/*", requireApiKey(security.apiKey));
  // The adapter by file name: a served id should not reveal the server's folders.
  const modelId = model.identity.adapter
    ? `${model.identity.id}+${path.basename(model.identity.adapter)}`
    : model.identity.id;
  const created = Math.floor(Date.now() / 1000);

  app.get("/health", (c) => c.json({ status: "ok" }));

  app.get("/v1/models", (c) =>
    c.json({ object: "list", data: [{ id: modelId, object: "model", created, owned_by: "synthforge" }] }),
  );

  const jsonBody: MiddlewareHandler = async (c, next) => {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      return c.json(
        errorBody(
          `Expected a JSON body sent as Content-Type: application/json, got ${type ? `"${type}"` : "no Content-Type"}.`,
          "invalid_request_error",
          null,
          "unsupported_media_type",
        ),
        415,
      );
    }
    await next();
  };
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) =>
      c.json(
        errorBody(
          `The request body is larger than ${formatBytes(maxBodyBytes)}, the most this server accepts.`,
          "invalid_request_error",
          null,
          "request_too_large",
        ),
        413,
      ),
  });

  app.post("/v1/chat/completions", jsonBody, limitBody, async (c) => {
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

  for (const [route, method] of Object.entries(routes)) {
    app.all(route, (c) => {
      c.header("Allow", method);
      return c.json(
        errorBody(
          `${c.req.method} is not allowed on ${route}; use ${method}.`,
          "invalid_request_error",
          null,
          "method_not_allowed",
        ),
        405,
      );
    });
  }
  app.notFound((c) => c.json(errorBody(`No route ${c.req.method} ${c.req.path}.`, "not_found"), 404));
  return app;
}

/**
 * Refuses requests a web page could make on the user's behalf: on a loopback server, a `Host`
 * that is not a loopback name (DNS rebinding), and anywhere, a browser `Origin` that is
 * neither loopback nor allowed.
 */
function checkHostAndOrigin(security: ServeSecurity): MiddlewareHandler {
  const allowed = new Set((security.allowedOrigins ?? []).map((origin) => origin.replace(/\/+$/, "")));
  return async (c, next) => {
    if (security.loopbackHostOnly) {
      const host = c.req.header("host") ?? "";
      const name = /^(\[[^\]]*\]|[^:]*)/.exec(host)?.[1] ?? "";
      if (!isLoopbackHost(name)) {
        return c.json(
          errorBody(
            `The Host header "${host}" does not name this machine; a server on a loopback address answers only requests to localhost, 127.0.0.1 or [::1].`,
            "permission_error",
            null,
            "host_not_allowed",
          ),
          403,
        );
      }
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !allowed.has(origin) && !isLoopbackOrigin(origin)) {
      return c.json(
        errorBody(
          `Requests from the web page at ${origin} are not allowed; start the server with --allow-origin ${origin} to allow them.`,
          "permission_error",
          null,
          "origin_not_allowed",
        ),
        403,
      );
    }
    await next();
  };
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** `Authorization: Bearer <key>`, compared in constant time. */
function requireApiKey(apiKey: string): MiddlewareHandler {
  const expected = Buffer.from(apiKey);
  return async (c, next) => {
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
    const actual = Buffer.from(given ?? "");
    if (given === undefined || actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return c.json(
        errorBody(
          given === undefined
            ? "This server needs an API key: send it as Authorization: Bearer <key>."
            : "Incorrect API key provided.",
          "invalid_request_error",
          null,
          "invalid_api_key",
        ),
        401,
      );
    }
    await next();
  };
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
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
