import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import type { Recipe } from "../core/recipe/recipeSchema.js";
import { checkHostAndOrigin } from "../http/checkHostAndOrigin.js";
import type { HttpRefusal } from "../http/HttpRefusal.js";
import { jsonBodyChecks } from "../http/jsonBodyChecks.js";
import { refuseUnknownRoutes } from "../http/refuseUnknownRoutes.js";
import { requireBearerToken } from "../http/requireBearerToken.js";
import { securityHeaders } from "../http/securityHeaders.js";
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

/** A refusal as the page reads it: `{ error }`, one sentence. */
const refuse = (c: Context, refusal: HttpRefusal) => c.json({ error: refusal.message }, refusal.status);

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
  const loopbackHostOnly = options.loopbackHostOnly ?? false;
  app.use("*", checkHostAndOrigin({ loopbackHostOnly, allowLoopbackOrigins: loopbackHostOnly }, refuse));
  if (options.token !== undefined) {
    app.use(
      "*",
      requireBearerToken(
        {
          token: options.token,
          queryParameter: "token",
          missing: "This review app needs its token: open the URL it printed (with ?token=...).",
          wrong: "The token is not this review app's.",
        },
        refuse,
      ),
    );
  }

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

  const jsonBody = jsonBodyChecks(maxBodyBytes, refuse);
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

  app.post("/api/verdicts", ...jsonBody, async (c) => {
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

  app.post("/api/undo", ...jsonBody, async (c) => {
    try {
      undoVerdicts(store, runId, await readJson(c.req.raw));
      return c.json(state());
    } catch (error) {
      const { body, status } = refusal(error);
      return c.json(body, status);
    }
  });

  refuseUnknownRoutes(app, routes, refuse);
  app.onError((error, c) => {
    // A bug, not a refusal: say so without the details (they go to the server's log).
    console.error(error);
    return c.json({ error: "The review app failed on this request; nothing was stored." }, 500);
  });
  return app;
}
