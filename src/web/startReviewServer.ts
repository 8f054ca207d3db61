import { UsageError } from "../core/errors/UsageError.js";
import { isLoopbackHost } from "../core/net/isLoopbackHost.js";
import { listen } from "../http/listen.js";
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
  const server = await listen(app, host, options.port ?? 0);
  return {
    url: `${server.origin}/${token === undefined ? "" : `?token=${token}`}`,
    token,
    close: server.close,
  };
}
