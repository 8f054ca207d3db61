import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { LanguageModel } from "../providers/LanguageModel.js";
import { createServeApp } from "./createServeApp.js";

/** Where and what `startServer` serves. */
export interface StartServerOptions {
  /** The model that answers every request; the server does not dispose it. */
  model: LanguageModel;
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

/** Starts the OpenAI-compatible server in this process (used by `synthforge serve` and by tests). */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = createServeApp(options.model);
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () =>
      resolve(started),
    );
    started.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
