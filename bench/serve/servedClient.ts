// The client side of bench/serve/run.ts, in a process of its own as a client is: `concurrency` streams through the official `openai` npm client, each taking the next
// request until `concurrency × rounds` are done; posts back the tokens, the seconds and each
// request's time to first token.
import OpenAI from "openai";
import type { ClientJob } from "./workload.js";

const clients = new Map<string, OpenAI>();
/** One official client per server the jobs name. */
const clientOf = (url: string) => {
  let client = clients.get(url);
  if (client === undefined) {
    client = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });
    clients.set(url, client);
  }
  return client;
};

process.on("message", async (job: ClientJob) => {
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
        const stream = await clientOf(job.url).chat.completions.create({
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
  process.send!({ seconds: (performance.now() - started) / 1000, tokens, firstTokenMs });
});
