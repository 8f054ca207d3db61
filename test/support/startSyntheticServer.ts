import http from "node:http";
import type { AddressInfo } from "node:net";

const subjects = [
  "kettle",
  "lamp",
  "kitchen",
  "cafe",
  "bicycle",
  "hotel room",
  "garden",
  "museum",
  "bakery",
  "phone",
  "train",
  "library",
  "market",
  "jacket",
  "camera",
  "printer",
  "sofa",
  "theatre",
  "harbour",
  "clinic",
];
const verbs = [
  "arrived",
  "worked",
  "looked",
  "sounded",
  "felt",
  "turned out",
  "opened",
  "behaved",
  "performed",
  "smelled",
  "lasted",
  "started",
  "ran",
  "held up",
  "showed up",
];
const manners = [
  "quietly",
  "quickly",
  "slowly",
  "smoothly",
  "oddly",
  "neatly",
  "loudly",
  "gently",
  "roughly",
  "warmly",
  "plainly",
  "brightly",
];
const details = [
  "on a rainy Monday",
  "after the second week",
  "during the holiday rush",
  "before lunch",
  "at the end of the trip",
  "in the late evening",
  "on the first morning",
  "after a long delay",
  "with the new owner",
  "near the old bridge",
  "under the bright lights",
  "with two friends",
];
const remarks = [
  "the staff kept their promises",
  "the price matched the size",
  "the colour was not as shown",
  "the handle stayed cool",
  "the queue moved along",
  "the manual made sense",
  "the seats were cramped",
  "the corners were scratched",
  "the coffee tasted burnt",
  "the view was wide",
  "the box was dented",
  "the battery lasted days",
  "the noise kept us awake",
  "the menu changed often",
];

/** A fast deterministic generator (mulberry32) for the made-up sentences. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A varied made-up review sentence for a seed: quality filters see no duplicates or repetition. */
export function syntheticSentence(seed: number): string {
  const next = random(seed);
  const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
  return `The ${pick(subjects)} ${pick(verbs)} ${pick(manners)} ${pick(details)}, and ${pick(remarks)}; ${pick(remarks)} (visit ${Math.floor(next() * 1000)}).`;
}

/**
 * An OpenAI-compatible chat-completions server (127.0.0.1) that answers every request after a
 * fixed latency with a record of the request's output schema: `text` a made-up sentence from
 * the request's seed, the label the prompt asks for (the first of the schema's enum values the
 * last user message names). It stands in for an inference server that is never the
 * bottleneck, for the tests and the benchmark of several generator processes.
 */
export async function startSyntheticServer(options: { latencyMs: number }): Promise<{
  url: string;
  readonly requests: number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests += 1;
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
        messages?: { role: string; content: string }[];
        seed?: number;
        response_format?: { json_schema?: { schema?: { properties?: Record<string, { enum?: string[] }> } } };
      };
      const prompt = body.messages?.filter((message) => message.role === "user").at(-1)?.content ?? "";
      const labels = body.response_format?.json_schema?.schema?.properties?.label?.enum ?? [];
      const named = labels
        .map((label) => ({ label, at: prompt.indexOf(label) }))
        .filter((each) => each.at >= 0)
        .sort((a, b) => a.at - b.at);
      const text = syntheticSentence(body.seed ?? requests);
      const content = JSON.stringify({ text, label: named[0]?.label ?? labels[0] ?? "none" });
      const answer = JSON.stringify({
        id: `chatcmpl-${requests}`,
        object: "chat.completion",
        created: 0,
        model: "synthetic",
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage: {
          prompt_tokens: Math.ceil(prompt.length / 4),
          completion_tokens: Math.ceil(content.length / 4),
        },
      });
      setTimeout(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(answer);
      }, options.latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
