import { UsageError } from "../core/errors/UsageError.js";
import { isLoopbackHost } from "../core/net/isLoopbackHost.js";
import { listen } from "../http/listen.js";
import { createServeApp, type ServedModelName, servedModelName } from "./createServeApp.js";
import type { ServedModel } from "./runChoices.js";
import { defaultServeLimits, type ServeLimits } from "./ServeLimits.js";
import type { ServeSecurity } from "./ServeSecurity.js";

/** Where and what `startServer` serves. */
export interface StartServerOptions extends Omit<ServeSecurity, "loopbackHostOnly"> {
  /** The model that answers every request; the server does not dispose it. */
  model: ServedModel;
  /** What one request may cost [defaultServeLimits]. */
  limits?: Partial<ServeLimits>;
  /** How `/v1/models` names the model [its id, with the adapter's file name]. */
  name?: ServedModelName;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Interface to listen on; loopback unless you mean to expose the model. */
  host?: string;
}

/** A running server. */
export interface RunningServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:8080/v1`, ready for an OpenAI client. */
  url: string;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the OpenAI-compatible server in this process (used by `synthforge serve` and by
 * tests). On a loopback address it answers only requests addressed to a loopback name; on any
 * other address it needs `apiKey`, which every `/v1` request must then send.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const loopback = isLoopbackHost(host);
  if (!loopback && options.apiKey === undefined) {
    throw new UsageError(
      `Serving on ${host} lets other machines use the model: give an API key (--api-key) that clients must send, or listen on 127.0.0.1.`,
    );
  }
  const app = createServeApp(
    options.model,
    {
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      loopbackHostOnly: loopback,
    },
    { ...defaultServeLimits, ...options.limits },
    options.name ?? servedModelName(options.model),
  );
  const server = await listen(app, host, options.port ?? 8080);
  return {
    url: `${server.origin}/v1`,
    close: server.close,
  };
}
