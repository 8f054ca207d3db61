// Profiling aid for bench/serve: one path only (PROFILE_PATH=served|plain), `PROFILE_STREAMS`
// concurrent streams [1], PROFILE_REQUESTS requests [12], with the same model, settings and
// client as bench/serve/run.ts. Prints tokens/s and how busy this process's main thread was
// (event-loop utilization, and its milliseconds per token). Run it under `node --cpu-prof`.
import { performance } from "node:perf_hooks";
import { LlamaChat } from "node-llama-cpp";
import { createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { startServer } from "../../src/serve/startServer.js";
import { askClient, loadStudent, plainRequest, prompts, sampling, startClient } from "./workload.js";

const which = process.env.PROFILE_PATH ?? "served";
const streams = Number(process.env.PROFILE_STREAMS ?? 1);
const requests = Number(process.env.PROFILE_REQUESTS ?? 12);
const maxTokens = 64;
const { resolved, llama, threads } = await loadStudent();

async function measure(run: (first: number) => Promise<number>) {
  await run(1000); // warm-up
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const tokens = await run(0);
  const seconds = (performance.now() - start) / 1000;
  const used = performance.eventLoopUtilization(elu);
  console.log(
    `${which}: ${tokens} tokens in ${seconds.toFixed(2)} s = ${(tokens / seconds).toFixed(1)} tok/s; main thread busy ${(used.utilization * 100).toFixed(0)}%, ${(used.active / tokens).toFixed(2)} ms per token`,
  );
}

if (which === "served") {
  const served = await createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    parallel: 16,
    contextSize: 512,
    threads,
  });
  const server = await startServer({ model: served, port: 0 });
  const client = startClient();
  const run = async (first: number) =>
    (
      await askClient(client, {
        url: server.url,
        model: resolved.name,
        concurrency: streams,
        rounds: Math.ceil(requests / streams),
        maxTokens,
        first,
        prompts,
        sampling,
      })
    ).tokens;
  await measure(run);
  client.kill();
  await server.close();
  await served.dispose();
} else {
  const model = await llama.loadModel({ modelPath: resolved.path });
  const context = await model.createContext({ sequences: 20, contextSize: 512, threads });
  const chats = Array.from({ length: 16 }, () => new LlamaChat({ contextSequence: context.getSequence() }));
  const run = async (first: number) => {
    let tokens = 0;
    let next = 0;
    const total = Math.ceil(requests / streams) * streams;
    await Promise.all(
      Array.from({ length: streams }, async () => {
        const chat = chats.pop()!;
        while (next < total) {
          const index = first + next++;
          await plainRequest(chat, index, maxTokens, (count) => {
            tokens += count;
          });
        }
        chats.push(chat);
      }),
    );
    return tokens;
  };
  await measure(run);
  for (const chat of chats) chat.dispose();
  await context.dispose();
  await model.dispose();
}
