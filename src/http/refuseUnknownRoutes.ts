import type { Hono } from "hono";
import type { RefusalWriter } from "./HttpRefusal.js";

/**
 * Registered after an app's routes: a known route called with another method gets 405 with an
 * `Allow` header naming the one it answers; any other path 404.
 */
export function refuseUnknownRoutes(
  app: Hono,
  routes: Readonly<Record<string, string>>,
  refuse: RefusalWriter,
): void {
  for (const [route, method] of Object.entries(routes)) {
    app.all(route, (c) => {
      c.header("Allow", method);
      return refuse(c, {
        status: 405,
        type: "invalid_request_error",
        code: "method_not_allowed",
        message: `${c.req.method} is not allowed on ${route}; use ${method}.`,
      });
    });
  }
  app.notFound((c) =>
    refuse(c, {
      status: 404,
      type: "not_found",
      code: "not_found",
      message: `No route ${c.req.method} ${c.req.path}.`,
    }),
  );
}
