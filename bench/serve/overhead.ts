// What the served path costs per token with no model: the server of bench/serve/run.ts over a
// model that releases one token per event-loop turn, driven by the same client process. Prints
// the process's CPU milliseconds per token (server and client together: on a machine with as
// many cores as llama.cpp threads, time taken from the decode) and the main thread's.
//   npx tsx bench/serve/overhead.ts   (OVERHEAD_STREAMS=s [1], OVERHEAD_REQUESTS=r [200])
import { performance } from "node:perf_hooks";
import type { StreamEnd, StreamPiece, StreamRequest } from "../../src/providers/StreamingModel.js";
import { startServer } from "../../src/serve/startServer.js";
import { fakeServedModel } from "../../test/support/fakeServedModel.js";
import { askClient, startClient } from "./workload.js";

const streams = Number(process.env.OVERHEAD_STREAMS ?? 1);
const requests = Number(process.env.OVERHEAD_REQUESTS ?? 200);
/** Milliseconds between tokens [0: one event-loop turn]. */
const tokenMs = Number(process.env.OVERHEAD_TOKEN_MS ?? 0);
const words = "Once upon a time a lighthouse keeper found a kettle on the shore and".split(" ");
const answer = Array.from({ length: 64 }, (_, index) => ` ${words[index % words.length]}`);
const fake = fakeServedModel({ parallelism: 16, contextSize: 512, answer: () => answer });
const model = {
  ...fake.model,
  // One token per turn of the event loop, as a decode hands back one per batch.
  async stream(request: StreamRequest, onPiece: (piece: StreamPiece) => void): Promise<StreamEnd> {
    for (const token of answer.slice(0, request.maxTokens)) {
      await new Promise((resolve) => (tokenMs > 0 ? setTimeout(resolve, tokenMs) : setImmediate(resolve)));
      if (request.signal?.aborted) throw new Error("aborted");
      onPiece({ text: token });
    }
    return {
      finishReason: "length",
      promptTokens: 10,
      completionTokens: Math.min(answer.length, request.maxTokens),
    };
  },
};
const server = await startServer({ model, port: 0 });
const client = startClient();
const run = (first: number, count: number) =>
  askClient(client, {
    url: server.url,
    model: "smollm2-135m-instruct",
    concurrency: streams,
    rounds: Math.ceil(count / streams),
    maxTokens: 64,
    first,
    prompts: ["Tell a short story about a lighthouse."],
    sampling: { temperature: 0.7, topP: 0.92 },
  });
await run(10_000, 50);
const cpu = process.cpuUsage();
const elu = performance.eventLoopUtilization();
const result = await run(0, requests);
const used = process.cpuUsage(cpu);
const main = performance.eventLoopUtilization(elu);
console.log(
  `${result.tokens} tokens at ${streams} streams in ${result.seconds.toFixed(2)} s: process CPU ${((used.user + used.system) / 1000 / result.tokens).toFixed(3)} ms/token, main thread ${(main.active / result.tokens).toFixed(3)} ms/token`,
);
client.kill();
await server.close();
