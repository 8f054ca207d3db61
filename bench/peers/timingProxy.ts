// bench/peers on a real server: a proxy in front of `synthforge serve` that counts and times the
// tools' requests as the mock server does (each request's prompt read from its `prompt #N`), so
// that records/s and CPU per record cover the same window, first request to the moment every
// prompt had been answered, whichever server answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { MockStats } from "./mockServer.js";

export interface TimingProxy {
  url: string;
  /** Starts a run: forgets the counts, expects prompts 0 … expected − 1. */
  reset(expected: number): void;
  stats(): MockStats;
  close(): Promise<void>;
}

/** Forwards every request to `target` (an origin, e.g. http://127.0.0.1:8080); `on` hears the run's first request and its last prompt answered. */
export async function startTimingProxy(
  target: string,
  on: { firstRequest(): void; allAnswered(): void },
): Promise<TimingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  let expected = 0;
  let requests = 0;
  let unknownPrompts = 0;
  let streamed = 0;
  let status5xx = 0;
  let startedAt: number | undefined;
  let doneAt: number | undefined;
  let answeredRequests = 0;
  let answers = new Map<number, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const text = body.toString("utf8");
      const prompt = /prompt #(\d+)/.exec(text);
      if (request.method === "POST") {
        requests += 1;
        if (startedAt === undefined) {
          startedAt = performance.now();
          on.firstRequest();
        }
        if (/"stream"\s*:\s*true/.test(text)) streamed += 1;
        if (!prompt) unknownPrompts += 1;
      }
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: request.url,
          method: request.method,
          headers: { ...request.headers, host: upstream.host, "content-length": String(body.length) },
          agent,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on("end", () => {
            if (request.method !== "POST" || !prompt) return;
            if ((answer.statusCode ?? 0) >= 500) status5xx += 1;
            if (answer.statusCode !== 200) return;
            answeredRequests += 1;
            const index = Number(prompt[1]);
            answers.set(index, (answers.get(index) ?? 0) + 1);
            if (doneAt === undefined && answers.size >= expected) {
              doneAt = performance.now();
              on.allAnswered();
            }
          });
        },
      );
      forward.on("error", (error) => {
        response.writeHead(502, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: `proxy: ${error.message}` } }));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    reset(count) {
      expected = count;
      requests = 0;
      unknownPrompts = 0;
      streamed = 0;
      status5xx = 0;
      answeredRequests = 0;
      startedAt = undefined;
      doneAt = undefined;
      answers = new Map();
    },
    stats() {
      let twice = 0;
      for (const times of answers.values()) if (times > 1) twice += 1;
      const end = doneAt ?? performance.now();
      return {
        requests,
        answered: answeredRequests,
        status429: 0,
        status5xx,
        earlyRetries: 0,
        worstEarlyMs: 0,
        promptsAnsweredTwice: twice,
        promptsNeverAnswered: Math.max(0, expected - answers.size),
        unknownPrompts,
        spanMs: startedAt === undefined ? 0 : end - startedAt,
        streamed,
      };
    },
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
