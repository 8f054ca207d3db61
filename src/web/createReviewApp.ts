import { randomBytes, timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isLoopbackHost } from "../core/isLoopbackHost.js";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { spotCheckGateStatus, spotCheckStatistics } from "../quality/metrics/spotCheckStatistics.js";
import { applyVerdicts, undoVerdicts } from "../review/applyVerdicts.js";
import { ReviewRequestError } from "../review/ReviewRequestError.js";
import { buildReviewQueue } from "../review/reviewQueue.js";
import { readSpotCheckSample } from "../review/spotCheckSample.js";
import type { Store } from "../store/Store.js";
import { reviewPage } from "./reviewPage.js";

/** What the review app serves and who may use it. */
export interface ReviewAppOptions {
  store: Store;
  runId: string;
  recipe: Recipe;
  /** Records reviewed before the sample (e.g. a disputed queue from annotation). */
  first?: readonly string[];
  /**
   * Token every request must carry (`?token=` on the page, `Authorization: Bearer` on the API);
   * required when the server listens beyond loopback.
   */
  token?: string;
  /** Accept only requests whose `Host` is a loopback name [true on loopback]: no DNS rebinding. */
  loopbackHostOnly?: boolean;
  /** Largest request body in bytes [1 MiB]. */
  maxBodyBytes?: number;
}

const routes: Record<string, string> = {
  "/": "GET",
  "/api/state": "GET",
  "/api/verdicts": "POST",
  "/api/undo": "POST",
};

/** A token for a review server that others can reach: 32 random bytes, URL-safe. */
export function newReviewToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The browser review app over one run of a store: the page (one HTML file with its script and
 * styles inline: nothing from a CDN), the queue and live statistics (`GET /api/state`), one
 * record's provenance (`GET /api/records/:id`), verdicts (`POST /api/verdicts`, one
 * transaction per request) and undo (`POST /api/undo`). It keeps no state of its own: every
 * request reads the store, and every change goes through the review stage (`applyVerdicts`,
 * `undoVerdicts`), so two tabs or two reviewers see each other's verdicts and none is lost or
 * counted twice. Refusals are one sentence as `{ error }`: 400 malformed, 401 no or wrong
 * token, 403 foreign host or origin, 404, 405, 409, 413 too large, 415 not JSON.
 */
export function createReviewApp(options: ReviewAppOptions): Hono {
  const { store, runId, recipe } = options;
  const app = new Hono();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  app.use("*", securityHeaders());
  app.use("*", checkHostAndOrigin(options.loopbackHostOnly ?? false));
  if (options.token !== undefined) app.use("*", requireToken(options.token));

  const state = () => {
    const records = store.listRecords(runId);
    const sample = readSpotCheckSample(store, runId);
    const reviews = store.listReviews(runId);
    const queue = buildReviewQueue(records, sample?.ids ?? [], reviews, recipe, {
      ...(options.first === undefined ? {} : { first: options.first }),
    });
    const cells = new Map(records.map((record) => [record.id, record.provenance.cell]));
    const statistics = spotCheckStatistics(
      reviews,
      sample?.ids ?? [],
      recipe.quality.gates.spotCheckErrorRate ?? undefined,
      cells,
    );
    return {
      run: { id: runId, name: recipe.name, language: recipe.language },
      queue,
      statistics,
      gate: spotCheckGateStatus(statistics),
    };
  };
  const reviewable = () => {
    const sample = readSpotCheckSample(store, runId);
    const accepted = new Set(store.listRecords(runId, { status: "accepted" }).map((record) => record.id));
    return new Set([...(sample?.ids ?? []), ...(options.first ?? [])].filter((id) => accepted.has(id)));
  };

  app.get("/", (c) => {
    const nonce = randomBytes(16).toString("base64");
    c.header(
      "Content-Security-Policy",
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    return c.html(reviewPage({ nonce, title: recipe.name, language: recipe.language }));
  });

  app.get("/api/state", (c) => c.json(state()));

  app.get("/api/records/:id", (c) => {
    const record = store.getRecord(c.req.param("id"));
    if (record === undefined || record.provenance.runId !== runId) {
      return c.json({ error: `No record "${c.req.param("id")}" in run ${runId}.` }, 404);
    }
    const { provenance } = record;
    return c.json({
      id: record.id,
      status: record.status,
      data: record.data,
      provenance: {
        round: provenance.round,
        slotIndex: provenance.slotIndex,
        attempt: provenance.attempt,
        cell: provenance.cell,
        template: provenance.template,
        strategy: provenance.strategy,
        model: provenance.model,
        sampling: provenance.sampling,
        fewShot: provenance.fewShot,
        messages: provenance.messages,
        rawOutput: provenance.rawOutput,
        timing: provenance.timing,
      },
      decisions: record.decisions,
      history: store.listReviewEvents(runId).filter((event) => event.recordId === record.id),
    });
  });

  const jsonBody: MiddlewareHandler = async (c, next) => {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      return c.json(
        {
          error: `Expected a JSON body sent as Content-Type: application/json, got ${type ? `"${type}"` : "no Content-Type"}.`,
        },
        415,
      );
    }
    await next();
  };
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) =>
      c.json(
        { error: `The request body is larger than ${maxBodyBytes} bytes, the most this app accepts.` },
        413,
      ),
  });
  const readJson = async (request: Request): Promise<unknown> => {
    try {
      return await request.json();
    } catch {
      throw new ReviewRequestError("The request body is not valid JSON.");
    }
  };
  const refusal = (error: unknown) => {
    if (error instanceof ReviewRequestError) return { body: { error: error.message }, status: error.status };
    throw error;
  };

  app.post("/api/verdicts", jsonBody, limitBody, async (c) => {
    try {
      const body = await readJson(c.req.raw);
      const events = applyVerdicts(
        { store, runId, recipe, reviewable: reviewable() },
        body,
        new Date().toISOString(),
      );
      return c.json({ events, ...state() });
    } catch (error) {
      const { body, status } = refusal(error);
      return c.json(body, status);
    }
  });

  app.post("/api/undo", jsonBody, limitBody, async (c) => {
    try {
      undoVerdicts(store, runId, await readJson(c.req.raw));
      return c.json(state());
    } catch (error) {
      const { body, status } = refusal(error);
      return c.json(body, status);
    }
  });

  for (const [route, method] of Object.entries(routes)) {
    app.all(route, (c) => {
      c.header("Allow", method);
      return c.json({ error: `${c.req.method} is not allowed on ${route}; use ${method}.` }, 405);
    });
  }
  app.notFound((c) => c.json({ error: `No route ${c.req.method} ${c.req.path}.` }, 404));
  app.onError((error, c) => {
    // A bug, not a refusal: say so without the details (they go to the server's log).
    console.error(error);
    return c.json({ error: "The review app failed on this request; nothing was stored." }, 500);
  });
  return app;
}

function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    c.header("X-Frame-Options", "DENY");
  };
}

/**
 * On a loopback server, a `Host` that is not a loopback name is refused (DNS rebinding); a
 * browser `Origin` must be the app's own (or loopback), so another web page cannot post verdicts.
 */
function checkHostAndOrigin(loopbackHostOnly: boolean): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header("host") ?? "";
    if (loopbackHostOnly) {
      const name = /^(\[[^\]]*\]|[^:]*)/.exec(host)?.[1] ?? "";
      if (!isLoopbackHost(name)) {
        return c.json(
          {
            error: `The Host header "${host}" does not name this machine; a review app on a loopback address answers only requests to localhost, 127.0.0.1 or [::1].`,
          },
          403,
        );
      }
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== "null") {
      let allowed = false;
      try {
        const url = new URL(origin);
        allowed = url.host === host || (loopbackHostOnly && isLoopbackHost(url.hostname));
      } catch {
        allowed = false;
      }
      if (!allowed) {
        return c.json({ error: `Requests from the web page at ${origin} are not allowed.` }, 403);
      }
    } else if (origin === "null") {
      return c.json({ error: "Requests from an opaque origin are not allowed." }, 403);
    }
    await next();
  };
}

/** The token as `?token=` (the page's URL) or `Authorization: Bearer` (the page's API calls), compared in constant time. */
function requireToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(token);
  return async (c, next) => {
    const given =
      /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim() ?? c.req.query("token");
    const actual = Buffer.from(given ?? "");
    if (given === undefined || actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return c.json(
        {
          error:
            given === undefined
              ? "This review app needs its token: open the URL it printed (with ?token=...)."
              : "The token is not this review app's.",
        },
        401,
      );
    }
    await next();
  };
}
