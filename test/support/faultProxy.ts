import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the proxy does with one request. */
export type Fault = "pass" | "429" | "429-date" | "500" | "truncate" | "stall" | "reset";

/** Options of `startFaultProxy`. */
export interface FaultProxyOptions {
  /** Origin of the real server, e.g. `http://127.0.0.1:8080` (loopback only). */
  target: string;
  /** The fault for the n-th request (0-based); requests past the end of an array pass. */
  faults: Fault[] | ((index: number) => Fault);
  /** Seconds sent in `Retry-After` with 429 answers. */
  retryAfterSeconds?: number;
}

/** A running fault-injecting proxy. */
export interface FaultProxy {
  /** Origin of the proxy; append the same path as on the target. */
  origin: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Distinct `Authorization` headers received (to prove a key was sent). */
  readonly authorizations: Set<string>;
  /** How many times each fault was applied. */
  readonly counts: Record<Fault, number>;
  close(): Promise<void>;
}

/**
 * A local HTTP proxy (127.0.0.1 only) that injects the failures real inference servers
 * produce: 429 with `Retry-After` (seconds or an HTTP date), 500, a 200 whose JSON body is
 * cut in half, a stall that never answers, and a connection reset. Faults are chosen by
 * request number so a test is deterministic.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) {
    throw new Error(`the fault proxy only forwards to loopback, not ${target.hostname}`);
  }
  const retryAfter = options.retryAfterSeconds ?? 1;
  const counts: Record<Fault, number> = {
    pass: 0,
    "429": 0,
    "429-date": 0,
    "500": 0,
    truncate: 0,
    stall: 0,
    reset: 0,
  };
  const stalled = new Set<http.ServerResponse>();
  const authorizations = new Set<string>();
  let requests = 0;
  const pick = (index: number): Fault =>
    typeof options.faults === "function" ? options.faults(index) : (options.faults[index] ?? "pass");

  const forward = async (request: http.IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name))
        headers[name] = value;
    }
    const response = await fetch(new URL(request.url ?? "/", target), {
      method: request.method ?? "GET",
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : body,
    });
    return { status: response.status, text: await response.text() };
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.headers.authorization !== undefined) authorizations.add(request.headers.authorization);
      const fault = pick(requests);
      requests += 1;
      counts[fault] += 1;
      const json = { "content-type": "application/json" };
      switch (fault) {
        case "reset":
          request.socket.destroy();
          return;
        case "stall":
          stalled.add(response);
          response.on("close", () => stalled.delete(response));
          return;
        case "429":
          response.writeHead(429, { ...json, "retry-after": String(retryAfter) });
          response.end('{"error":{"message":"rate limited","type":"rate_limit"}}');
          return;
        case "429-date":
          response.writeHead(429, {
            ...json,
            "retry-after": new Date(Date.now() + retryAfter * 1000).toUTCString(),
          });
          response.end('{"error":{"message":"rate limited","type":"rate_limit"}}');
          return;
        case "500":
          response.writeHead(500, json);
          response.end('{"error":{"message":"internal error","type":"server_error"}}');
          return;
        case "truncate":
        case "pass":
          forward(request, Buffer.concat(chunks)).then(
            ({ status, text }) => {
              response.writeHead(status, json);
              response.end(fault === "truncate" ? text.slice(0, Math.floor(text.length / 2)) : text);
            },
            (error: Error) => {
              response.writeHead(502, json);
              response.end(JSON.stringify({ error: { message: `proxy: ${error.message}` } }));
            },
          );
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    counts,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of stalled) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
