import http from "node:http";
import type { AddressInfo } from "node:net";

/** Options of `startInstantServer`. */
export interface InstantServerOptions {
  /** The `message.content` of every answer (pre-serialised once). */
  content: string;
  /** Called with each parsed request body; return a status and body to answer differently. */
  answer?: (body: Record<string, unknown>) => { status: number; body: string } | undefined;
  /** Milliseconds to hold each answer (to observe concurrency); 0 answers at once. */
  delayMs?: number;
}

/**
 * A fake OpenAI-compatible server (127.0.0.1) that answers every chat completion at once
 * with a pre-built response: the far end for client tests and the client-overhead benchmark.
 */
export async function startInstantServer(options: InstantServerOptions): Promise<{
  origin: string;
  url: string;
  bodies: Record<string, unknown>[];
  /** The `authorization` header of each request ("" when absent). */
  authorizations: string[];
  /** The path of each request. */
  paths: string[];
  /** Most requests the server held at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}> {
  const prebuilt = JSON.stringify({
    id: "chatcmpl-instant",
    object: "chat.completion",
    created: 0,
    model: "instant",
    choices: [{ index: 0, message: { role: "assistant", content: options.content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
  });
  const bodies: Record<string, unknown>[] = [];
  const authorizations: string[] = [];
  const paths: string[] = [];
  const delayMs = options.delayMs ?? 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    authorizations.push(request.headers.authorization ?? "");
    paths.push(request.url ?? "");
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      bodies.push(body);
      const custom = options.answer?.(body);
      const send = () => {
        response.writeHead(custom?.status ?? 200, { "content-type": "application/json" });
        response.end(custom?.body ?? prebuilt);
      };
      if (delayMs === 0) {
        send();
        return;
      }
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        send();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/v1`,
    bodies,
    authorizations,
    paths,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
