// `synthforge serve` against requests a careless client or a hostile web page sends: oversized
// bodies, prompts longer than the context, foreign Host and Origin headers, the wrong method or
// media type, and missing API keys. Each is refused in OpenAI's error shape and never reaches
// the model.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { fakeServedModel } from "../../test/support/fakeServedModel.js";
import { UsageError } from "../core/errors/UsageError.js";
import { type StartServerOptions, startServer } from "./startServer.js";

/** A model with a 100-token context whose prompt costs one token per character. */
const smallContextModel = () => fakeServedModel({ id: "tiny", contextSize: 100, answer: () => ["answer"] });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function start(options: Omit<StartServerOptions, "model"> = {}) {
  const { model, requests } = smallContextModel();
  const server = await startServer({ model, port: 0, ...options });
  closers.push(server.close);
  const { port } = new URL(server.url);
  return { requests, port: Number(port), host: options.host ?? "127.0.0.1" };
}

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Sent in pieces without Content-Length (chunked) when an array. */
  body?: string | Buffer | Buffer[];
}

/** One raw HTTP request, so that Host, Origin and framing are exactly what a client could send. */
function send(
  port: number,
  sent: Sent,
  address = "127.0.0.1",
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: ErrorBody }> {
  return new Promise((resolve, reject) => {
    const chunks = Array.isArray(sent.body) ? sent.body : undefined;
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      "content-type": "application/json",
      ...(sent.body !== undefined && !chunks
        ? { "content-length": String(Buffer.byteLength(sent.body as string | Buffer)) }
        : {}),
      ...sent.headers,
    };
    const request = http.request(
      {
        host: address,
        port,
        method: sent.method ?? "POST",
        path: sent.path ?? "/v1/chat/completions",
        headers,
      },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on("end", () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: body as ErrorBody });
        });
      },
    );
    // The server may answer (413) and close before the whole body is written.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ECONNRESET") return;
      reject(error);
    });
    if (chunks) {
      for (const chunk of chunks) request.write(chunk);
      request.end();
    } else request.end(sent.body);
  });
}

const chat = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ messages: [{ role: "user", content }], ...extra });

/** OpenAI's error shape: one sentence, a type, a param and a code. */
interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

function expectError(body: ErrorBody, code: string, pattern: RegExp): void {
  expect(body).toMatchObject({ error: { code, message: expect.stringMatching(pattern) } });
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
}

describe("serve refuses abusive requests before they reach the model", () => {
  it("answers 413 to a body over the limit, whether it states its length or streams it in chunks", async () => {
    const { port, requests } = await start({ maxBodyBytes: 64 * 1024 });
    const declared = await send(port, { body: chat("x".repeat(70 * 1024)) });
    expect(declared.status).toBe(413);
    expectError(
      declared.body,
      "request_too_large",
      /^The request body is larger than 64 KiB, the most this server accepts\.$/,
    );
    const piece = Buffer.alloc(16 * 1024, "x");
    const streamed = await send(port, {
      body: [Buffer.from('{"messages":[{"role":"user","content":"'), ...Array(8).fill(piece)],
    });
    expect(streamed.status).toBe(413);
    expect(requests).toHaveLength(0);
  });

  it("answers 413 at once to a 50 MB body under the default limit of 4 MiB", async () => {
    const { port, requests } = await start();
    const response = await send(port, { body: chat("y".repeat(50 * 1024 * 1024)) });
    expect(response.status).toBe(413);
    expectError(response.body, "request_too_large", /larger than 4 MiB/);
    expect(requests).toHaveLength(0);
  });

  it("answers 400 context_length_exceeded to a prompt that does not fit the context, with or without max_tokens", async () => {
    const { port, requests } = await start();
    const long = await send(port, { body: chat("z".repeat(150)) });
    expect(long.status).toBe(400);
    expectError(
      long.body,
      "context_length_exceeded",
      /^This model's maximum context length is 100 tokens\. However, your messages resulted in 150 tokens, 51 more than fit with a one-token answer\. Please reduce the length of the messages\.$/,
    );
    expect(long.body.error).toMatchObject({ type: "invalid_request_error", param: "messages" });
    const withAnswer = await send(port, { body: chat("z".repeat(60), { max_tokens: 50 }) });
    expect(withAnswer.status).toBe(400);
    expectError(
      withAnswer.body,
      "context_length_exceeded",
      /you requested 110 tokens \(60 in the messages, 50 in the completion\), 10 more than it holds/,
    );
    expect(requests).toHaveLength(0);
    // A prompt that fits, without max_tokens, may use what the context has left.
    const fits = await send(port, { body: chat("z".repeat(60)) });
    expect(fits.status).toBe(200);
    expect(requests[0]?.maxTokens).toBe(40);
  });

  it("answers 403 to a Host that does not name this machine (DNS rebinding) and to a foreign browser Origin", async () => {
    const { port, requests } = await start({ allowedOrigins: ["https://tools.example.com"] });
    const rebound = await send(port, { body: chat("hi"), headers: { host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(403);
    expectError(
      rebound.body,
      "host_not_allowed",
      /Host header "attacker\.example:\d+" does not name this machine/,
    );
    const page = await send(port, { body: chat("hi"), headers: { origin: "https://evil.example" } });
    expect(page.status).toBe(403);
    expectError(page.body, "origin_not_allowed", /web page at https:\/\/evil\.example are not allowed/);
    const opaque = await send(port, { body: chat("hi"), headers: { origin: "null" } });
    expect(opaque.status).toBe(403);
    // Even a simple GET that a page could make with an <img> or fetch(no-cors).
    expect(
      (await send(port, { method: "GET", path: "/v1/models", headers: { origin: "https://evil.example" } }))
        .status,
    ).toBe(403);
    expect(requests).toHaveLength(0);
    const welcome: Record<string, string>[] = [
      { host: `localhost:${port}` },
      { host: `[::1]:${port}` },
      { origin: "http://localhost:5173" },
      { origin: "https://tools.example.com" },
    ];
    for (const headers of welcome) {
      expect((await send(port, { body: chat("hi"), headers })).status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("answers 415 to a body that is not sent as application/json (a form or text/plain a page can post)", async () => {
    const { port, requests } = await start();
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const response = await send(port, { body: chat("hi"), headers: { "content-type": type } });
      expect(response.status, type).toBe(415);
      expectError(response.body, "unsupported_media_type", /Content-Type: application\/json/);
    }
    expect(
      (await send(port, { body: chat("hi"), headers: { "content-type": "application/json; charset=utf-8" } }))
        .status,
    ).toBe(200);
    expect(requests).toHaveLength(1);
  });

  it("answers 405 with Allow to a known route called with the wrong method", async () => {
    const { port } = await start();
    const cases: [string, string, string][] = [
      ["GET", "/v1/chat/completions", "POST"],
      ["PUT", "/v1/chat/completions", "POST"],
      ["DELETE", "/v1/models", "GET"],
      ["POST", "/health", "GET"],
    ];
    for (const [method, path, allow] of cases) {
      const response = await send(port, { method, path });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expectError(
        response.body,
        "method_not_allowed",
        new RegExp(`^${method} is not allowed on ${path}; use ${allow}\\.$`),
      );
    }
    expect((await send(port, { method: "GET", path: "/nowhere" })).status).toBe(404);
  });

  it("asks for the API key on every /v1 request when one is set, and compares it exactly", async () => {
    const { port, requests } = await start({ apiKey: "sk-local-0123456789" });
    const missing = await send(port, { body: chat("hi") });
    expect(missing.status).toBe(401);
    expectError(missing.body, "invalid_api_key", /needs an API key: send it as Authorization: Bearer <key>/);
    for (const authorization of [
      "Bearer sk-local-012345678",
      "Bearer sk-local-0123456789x",
      "Basic sk-local-0123456789",
    ]) {
      expect((await send(port, { body: chat("hi"), headers: { authorization } })).status, authorization).toBe(
        401,
      );
    }
    expect((await send(port, { method: "GET", path: "/v1/models" })).status).toBe(401);
    expect(requests).toHaveLength(0);
    const right = await send(port, {
      body: chat("hi"),
      headers: { authorization: "Bearer sk-local-0123456789" },
    });
    expect(right.status).toBe(200);
    expect((await send(port, { method: "GET", path: "/health" })).status).toBe(200);
  });

  it("will not listen beyond loopback without an API key, and with one answers any Host", async () => {
    const error = await start({ host: "0.0.0.0" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /^Serving on 0\.0\.0\.0 lets other machines use the model: give an API key/,
    );
    const { port } = await start({ host: "0.0.0.0", apiKey: "sk-lan-0123456789" });
    const response = await send(port, {
      body: chat("hi"),
      headers: { host: `gpu-box.lan:${port}`, authorization: "Bearer sk-lan-0123456789" },
    });
    expect(response.status).toBe(200);
  });
});
