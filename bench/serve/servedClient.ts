// The client side of bench/serve/run.ts, on a thread of its own as a client is a process of its
// own: `concurrency` streams through the official `openai` npm client, each taking the next
// request until `concurrency × rounds` are done; posts back the tokens, the seconds and each
// request's time to first token.
import { parentPort, workerData } from "node:worker_threads";
import OpenAI from "openai";

interface Job {
  url: string;
  model: string;
  concurrency: number;
  rounds: number;
  maxTokens: number;
  /** Request i asks prompts[(first + i) % prompts.length] with seed first + i. */
  first: number;
  prompts: string[];
  sampling: { temperature: number; topP: number };
}

const { url } = workerData as { url: string };
const client = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });

parentPort!.on("message", async (job: Job) => {
  const total = job.concurrency * job.rounds;
  let next = 0;
  let tokens = 0;
  const firstTokenMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < total) {
        const index = job.first + next++;
        const start = performance.now();
        let first = Number.NaN;
        const stream = await client.chat.completions.create({
          model: job.model,
          messages: [{ role: "user", content: job.prompts[index % job.prompts.length]! }],
          stream: true,
          stream_options: { include_usage: true },
          temperature: job.sampling.temperature,
          top_p: job.sampling.topP,
          seed: index,
          max_tokens: job.maxTokens,
        });
        for await (const chunk of stream) {
          if (Number.isNaN(first) && chunk.choices[0]?.delta.content) first = performance.now() - start;
          if (chunk.usage) tokens += chunk.usage.completion_tokens;
        }
        firstTokenMs.push(first);
      }
    }),
  );
  parentPort!.postMessage({ seconds: (performance.now() - started) / 1000, tokens, firstTokenMs });
});
