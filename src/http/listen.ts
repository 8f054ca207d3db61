import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

/** A server listening on a port. */
export interface Listening {
  /** `http://127.0.0.1:8080`, `http://[::1]:8080`: the address it listens on, no trailing slash. */
  origin: string;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves `app` on `host:port` (0: a free port) and resolves once it listens; a port in use or
 * an address this machine does not have rejects with Node's error (`EADDRINUSE`...).
 */
export async function listen(app: Hono, host: string, port: number): Promise<Listening> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(started));
    started.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    origin: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
