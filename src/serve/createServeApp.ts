import path from "node:path";
import { type Context, Hono } from "hono";
import { checkHostAndOrigin } from "../http/checkHostAndOrigin.js";
import type { HttpRefusal } from "../http/HttpRefusal.js";
import { jsonBodyChecks } from "../http/jsonBodyChecks.js";
import { refuseUnknownRoutes } from "../http/refuseUnknownRoutes.js";
import { requireBearerToken } from "../http/requireBearerToken.js";
import { chatCompletionRoute } from "./chatCompletionRoute.js";
import { completionRoute } from "./completionRoute.js";
import { openAIError } from "./openAIError.js";
import type { ServedModel } from "./runChoices.js";
import { defaultServeLimits, type ServeLimits } from "./ServeLimits.js";
import { defaultMaxBodyBytes, type ServeSecurity } from "./ServeSecurity.js";

export { serveSamplingDefaults } from "./prepareDecode.js";

/** A refusal in OpenAI's error shape. */
const refuse = (c: Context, refusal: HttpRefusal) =>
  c.json(openAIError(refusal.message, refusal.type, null, refusal.code), refusal.status);

/** The routes and the methods each answers; another method gets 405 with an `Allow` header. */
const routes: Record<string, string> = {
  "/health": "GET",
  "/v1/models": "GET",
  "/v1/chat/completions": "POST",
  "/v1/completions": "POST",
};

/** How `/v1/models` names the served model: what it is, and the base it was tuned from. */
export interface ServedModelName {
  /** The id clients see and may send as `model`. */
  id: string;
  /** The base model's id when an adapter is served on top of it. */
  root?: string;
}

/**
 * The OpenAI-compatible HTTP API over one model: `POST /v1/chat/completions` (streaming,
 * `n`, stop strings, penalties, logprobs, JSON Schema and tool calls as grammar-constrained
 * decoding), `POST /v1/completions` and `GET /v1/models`. Every refusal is one sentence in
 * OpenAI's error shape: a foreign `Host` or browser `Origin` gets 403, a missing or wrong API
 * key 401, a wrong method 405, a body that is not `application/json` 415, a body over the
 * size limit 413, a body that breaks the request shape (or sends a field this server does not
 * support) 400 naming the field, a request past one of `limits` 400 naming the limit, and a
 * prompt that does not fit the model's context 400 (`context_length_exceeded`).
 */
export function createServeApp(
  model: ServedModel,
  security: ServeSecurity = {},
  limits: ServeLimits = defaultServeLimits,
  name: ServedModelName = servedModelName(model),
): Hono {
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
  const created = Math.floor(Date.now() / 1000);
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: [
        {
          id: name.id,
          object: "model",
          created,
          owned_by: "synthforge",
          ...(name.root === undefined ? {} : { root: name.root, parent: name.root }),
          max_model_len: model.contextSize,
        },
      ],
    }),
  );
  app.post(
    "/v1/chat/completions",
    ...jsonBodyChecks(maxBodyBytes, refuse),
    chatCompletionRoute(model, name.id, limits),
  );
  app.post(
    "/v1/completions",
    ...jsonBodyChecks(maxBodyBytes, refuse),
    completionRoute(model, name.id, limits),
  );
  refuseUnknownRoutes(app, routes, refuse);
  return app;
}

/** The model's id, with its adapter's file name (a served id should not reveal the server's folders). */
export function servedModelName(model: ServedModel): ServedModelName {
  const { id, adapter } = model.identity;
  return adapter ? { id: `${id}+${path.basename(adapter)}`, root: id } : { id };
}
