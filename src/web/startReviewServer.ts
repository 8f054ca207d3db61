import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { UsageError } from "../core/errors/UsageError.js";
import { isLoopbackHost } from "../core/isLoopbackHost.js";
import { createReviewApp, newReviewToken, type ReviewAppOptions } from "./createReviewApp.js";

export interface StartReviewServerOptions extends Omit<ReviewAppOptions, "loopbackHostOnly" | "token"> {
  /** Interface to listen on [127.0.0.1]. */
  host?: string;
  /** TCP port [0: a free one]. */
  port?: number;
  /** Token to require; off loopback one is made when none is given. On loopback none is needed. */
  token?: string;
}

export interface RunningReviewServer {
  /** The page's address, with `?token=` when a token is required (print it once). */
  url: string;
  /** The token the server requires, if any. */
  token: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the review app (`synthforge review serve`). On loopback it answers only requests to a
 * loopback name; on any other address it requires a token, made here unless given.
 */
export async function startReviewServer(options: StartReviewServerOptions): Promise<RunningReviewServer> {
  const host = options.host ?? "127.0.0.1";
  const loopback = isLoopbackHost(host);
  const token = options.token ?? (loopback ? undefined : newReviewToken());
  if (token !== undefined && token.length < 16) {
    throw new UsageError("--token: expected at least 16 characters, so that it cannot be guessed.");
  }
  const app = createReviewApp({
    ...options,
    loopbackHostOnly: loopback,
    ...(token === undefined ? {} : { token }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(started),
    );
    started.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/${token === undefined ? "" : `?token=${token}`}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
