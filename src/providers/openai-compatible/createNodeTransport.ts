import http from "node:http";
import https from "node:https";
import type { Transport } from "./Transport.js";

/**
 * The default transport: node:http(s) with a keep-alive agent of `maxSockets` connections.
 * Chosen over global fetch because on Node 20 fetch spends several times more CPU per request
 * (measured in bench/provider/clientOverhead.ts), which matters with hundreds in flight.
 */
export function createNodeTransport(
  url: string,
  headers: Record<string, string>,
  maxSockets: number,
): Transport & { close(): void } {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets, scheduling: "lifo" });
  const options: http.RequestOptions = { method: "POST", agent, headers };
  const transport = (body: string, signal: AbortSignal) =>
    new Promise<{ status: number; retryAfter: string | null; text: string }>((resolve, reject) => {
      const request = client.request(target, { ...options, signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          if (!response.complete) {
            reject(
              Object.assign(new Error("the connection closed before the body was complete"), {
                code: "ECONNRESET",
              }),
            );
            return;
          }
          const retryAfter = response.headers["retry-after"];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: typeof retryAfter === "string" ? retryAfter : null,
            text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      request.on("error", reject);
      request.end(body);
    });
  return Object.assign(transport, { close: () => agent.destroy() });
}
