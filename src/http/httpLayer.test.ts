// The one HTTP layer under both servers, through each app's own `app.request()`: the model
// server (`synthforge serve`, OpenAI's error shape) and the review app (`review serve`,
// `{ error }`) must refuse the same requests for the same reasons, in one sentence each.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeServedModel } from "../../test/support/fakeServedModel.js";
import { filledRecipeText, fillStore } from "../../test/support/fillStore.js";
import { parseRecipe } from "../core/recipe/loadRecipe.js";
import { ensureSpotCheckSample, readSpotCheckSample } from "../review/spotCheckSample.js";
import { createServeApp } from "../serve/createServeApp.js";
import { openStore } from "../store/openStore.js";
import type { SqliteStore } from "../store/SqliteStore.js";
import { createReviewApp } from "../web/createReviewApp.js";
import { checkHostAndOrigin, hostName } from "./checkHostAndOrigin.js";
import type { RefusalWriter } from "./HttpRefusal.js";
import { formatBytes } from "./jsonBodyChecks.js";

const { model } = fakeServedModel({ id: "tiny" });

let directory: string;
let store: SqliteStore;
let runId: string;
const recipe = parseRecipe(filledRecipeText, "recipe.yaml").recipe;

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), "synthforge-http-"));
  const file = path.join(directory, "store.sqlite");
  runId = fillStore(file);
  store = openStore(file);
  ensureSpotCheckSample(store, runId, recipe);
});
afterAll(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

const token = "a-token-long-enough-to-require";

/** One app as the layer sees it: where it reads, where it posts JSON, and how it writes a refusal. */
interface AppUnderTest {
  name: string;
  build(options: { loopback: boolean; token?: string; maxBodyBytes?: number }): Hono;
  get: string;
  post: string;
  postBody(): string;
  /** The message and code of a refusal in the app's body shape (the review app has no code). */
  read(body: unknown): { message: string; code: string | undefined };
}

const apps: AppUnderTest[] = [
  {
    name: "serve",
    build: ({ loopback, token, maxBodyBytes }) =>
      createServeApp(model, {
        loopbackHostOnly: loopback,
        ...(token === undefined ? {} : { apiKey: token }),
        ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      }),
    get: "/v1/models",
    post: "/v1/chat/completions",
    postBody: () => JSON.stringify({ model: "tiny", messages: [{ role: "user", content: "hi" }] }),
    read: (body) => {
      const error = (body as { error: { message: string; code: string | null } }).error;
      return { message: error.message, code: error.code ?? undefined };
    },
  },
  {
    name: "review serve",
    build: ({ loopback, token, maxBodyBytes }) =>
      createReviewApp({
        store,
        runId,
        recipe,
        loopbackHostOnly: loopback,
        ...(token === undefined ? {} : { token }),
        ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      }),
    get: "/api/state",
    post: "/api/verdicts",
    postBody: () =>
      JSON.stringify({
        verdicts: [{ recordId: readSpotCheckSample(store, runId)!.ids[0]!, verdict: "correct" }],
      }),
    read: (body) => ({ message: (body as { error: string }).error, code: undefined }),
  },
];

describe.each(apps)("the HTTP layer of $name", (app) => {
  const request = (hono: Hono, route: string, init: RequestInit & { headers?: Record<string, string> }) =>
    hono.request(`http://127.0.0.1:8080${route}`, {
      ...init,
      headers: { host: "127.0.0.1:8080", ...init.headers },
    });
  const refusal = async (response: Response) => app.read(await response.json());
  const postJson = (hono: Hono, headers: Record<string, string> = {}, body = app.postBody()) =>
    request(hono, app.post, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
    });

  it("answers requests to a loopback name, from no page, a loopback page or its own origin", async () => {
    const hono = app.build({ loopback: true });
    const welcome: Record<string, string>[] = [
      {},
      { host: "localhost:8080" },
      { host: "[::1]:8080" },
      { origin: "http://localhost:5173" },
      { origin: "http://127.0.0.1:8080" },
    ];
    for (const headers of welcome) {
      const response = await request(hono, app.get, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
    expect((await postJson(hono)).status).toBe(200);
  });

  it("refuses a Host that does not name this machine on a loopback server (DNS rebinding)", async () => {
    const response = await request(app.build({ loopback: true }), app.get, {
      headers: { host: "attacker.example:8080" },
    });
    expect(response.status).toBe(403);
    const { message, code } = await refusal(response);
    expect(message).toBe(
      'The Host header "attacker.example:8080" does not name this machine; a server on a loopback address answers only requests to localhost, 127.0.0.1 or [::1].',
    );
    if (code !== undefined) expect(code).toBe("host_not_allowed");
  });

  it("refuses a foreign page's Origin and the opaque Origin: null, on reads and writes", async () => {
    const hono = app.build({ loopback: true });
    for (const origin of [
      "https://evil.example",
      "http://127.0.0.1.evil.example",
      "null",
      "file://",
      "junk",
    ]) {
      for (const response of [
        await request(hono, app.get, { headers: { origin } }),
        await postJson(hono, { origin }),
      ]) {
        expect(response.status, origin).toBe(403);
        const { message, code } = await refusal(response);
        expect(message, origin).toMatch(
          origin === "null"
            ? /^Requests from an opaque origin .* are not allowed\.$/
            : /web page at .* are not allowed/,
        );
        if (code !== undefined) expect(code).toBe("origin_not_allowed");
      }
    }
  });

  it("off loopback, answers any Host but needs the token, compared whole", async () => {
    const hono = app.build({ loopback: false, token });
    const remote = { host: "10.1.2.3:8080" };
    expect((await request(hono, app.get, { headers: remote })).status).toBe(401);
    const missing = await refusal(await request(hono, app.get, { headers: remote }));
    expect(missing.message).toMatch(/needs? (an API key|its token)/);
    for (const wrong of ["wrong", `${token}x`, token.slice(0, -1), `${token.slice(0, -1)}b`]) {
      const response = await request(hono, app.get, {
        headers: { ...remote, authorization: `Bearer ${wrong}` },
      });
      expect(response.status, wrong).toBe(401);
      if (app.name === "serve") expect((await refusal(response)).code).toBe("invalid_api_key");
    }
    const authorized = { ...remote, authorization: `Bearer ${token}` };
    expect((await request(hono, app.get, { headers: authorized })).status).toBe(200);
    // A page served by the server itself may call it.
    expect(
      (await request(hono, app.get, { headers: { ...authorized, origin: "http://10.1.2.3:8080" } })).status,
    ).toBe(200);
    expect(
      (await request(hono, app.get, { headers: { ...authorized, origin: "http://10.9.9.9:8080" } })).status,
    ).toBe(403);
    expect((await postJson(hono, authorized)).status).toBe(200);
  });

  it("refuses a body that is not JSON (415) or is too large (413), before reading it", async () => {
    const hono = app.build({ loopback: true, maxBodyBytes: 1024 });
    for (const type of [
      undefined,
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
    ]) {
      const response = await request(hono, app.post, {
        method: "POST",
        // Bytes, so that no Content-Type is added when the test sends none.
        body: new TextEncoder().encode(app.postBody()),
        headers: type === undefined ? {} : { "content-type": type },
      });
      expect(response.status, type).toBe(415);
      expect((await refusal(response)).message).toBe(
        `Expected a JSON body sent as Content-Type: application/json, got ${type === undefined ? "no Content-Type" : `"${type}"`}.`,
      );
    }
    const large = await postJson(hono, {}, JSON.stringify({ padding: "x".repeat(2000) }));
    expect(large.status).toBe(413);
    expect((await refusal(large)).message).toBe(
      "The request body is larger than 1 KiB, the most this server accepts.",
    );
  });

  it("answers 405 with Allow to a known route and the wrong method, 404 elsewhere", async () => {
    const hono = app.build({ loopback: true });
    const wrongGet = await request(hono, app.post, { method: "GET" });
    expect(wrongGet.status).toBe(405);
    expect(wrongGet.headers.get("allow")).toBe("POST");
    expect((await refusal(wrongGet)).message).toBe(`GET is not allowed on ${app.post}; use POST.`);
    const wrongDelete = await request(hono, app.get, { method: "DELETE" });
    expect([wrongDelete.status, wrongDelete.headers.get("allow")]).toEqual([405, "GET"]);
    const missing = await request(hono, "/nowhere", {});
    expect(missing.status).toBe(404);
    expect((await refusal(missing)).message).toBe("No route GET /nowhere.");
  });
});

describe("checkHostAndOrigin", () => {
  const refuse: RefusalWriter = (c, refusal) => c.json({ error: refusal.message }, refusal.status);
  const appWith = (allowedOrigins: string[]) => {
    const hono = new Hono();
    hono.use(
      "*",
      checkHostAndOrigin(
        {
          loopbackHostOnly: false,
          allowLoopbackOrigins: false,
          allowedOrigins,
          allowOriginOption: "--allow-origin",
        },
        refuse,
      ),
    );
    hono.get("/", (c) => c.text("ok"));
    return hono;
  };

  it("accepts listed origins (a trailing slash in the list is ignored) and names the option for others", async () => {
    const hono = appWith(["https://tools.example.com/"]);
    const get = (origin: string) =>
      hono.request("http://server.example/", { headers: { host: "server.example", origin } });
    expect((await get("https://tools.example.com")).status).toBe(200);
    const refused = await get("http://localhost:3000");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error:
        "Requests from the web page at http://localhost:3000 are not allowed; start the server with --allow-origin http://localhost:3000 to allow them.",
    });
  });

  it("reads the name of a Host header with or without a port, IPv6 included", () => {
    expect(["localhost:80", "[::1]:8080", "[::1]", "example.com", ""].map(hostName)).toEqual([
      "localhost",
      "[::1]",
      "[::1]",
      "example.com",
      "",
    ]);
  });

  it("writes sizes as a person would", () => {
    expect([4 * 1024 * 1024, 65536, 1000].map(formatBytes)).toEqual(["4 MiB", "64 KiB", "1000 bytes"]);
  });
});
