// What bench/serve's scripts (run.ts, decompose.ts, profile.ts) serve and ask: the same model,
// prompts, sampling and plain node-llama-cpp request, so that their figures compare.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LlamaChat } from "node-llama-cpp";
import { configFromEnvironment } from "../../src/core/config.js";
import { choosingSequences, createEmbeddedModel } from "../../src/providers/embedded/createEmbeddedModel.js";
import { getSharedLlama } from "../../src/providers/embedded/getSharedLlama.js";
import { toChatHistory } from "../../src/providers/embedded/toChatHistory.js";
import { createModelRegistry } from "../../src/providers/registry/createModelRegistry.js";
import { defaultStudentModelName } from "../../src/providers/registry/defaultModels.js";
import type { StreamingModel } from "../../src/providers/StreamingModel.js";
import { startServer } from "../../src/serve/startServer.js";

export const parallel = 16;
/**
 * libuv's thread pool size this process runs with: llama.cpp's decodes and samplings are tasks
 * on it (npm's bench scripts and the CLI's entry set 1 unless it was set).
 */
export const threadPool = process.env.UV_THREADPOOL_SIZE ?? "4 (Node's default)";
export const contextSize = 512;
export const prompts = [
  "lighthouse",
  "kettle",
  "night train",
  "bakery",
  "glacier",
  "chess club",
  "harbour",
  "violin",
].map((topic) => `Tell a short story about a ${topic}.`);
export const sampling = { temperature: 0.7, topP: 0.92, topK: 40 };

/** What the client process (`servedClient.ts`) is asked to run against a server. */
export interface ClientJob {
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

/** What the client process answers a job with. */
export interface ClientCell {
  tokens: number;
  seconds: number;
  firstTokenMs: number[];
}

/**
 * The official client in a process of its own (servedClient.ts, through tsx), as a client is:
 * on a thread of the server's process its work and its garbage collection shared that process
 * with the server. `close` ends it.
 */
export function startClient(): ChildProcess {
  return fork(fileURLToPath(new URL("./servedClient.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Runs one job in the client process and waits for its answer. */
export function askClient(client: ChildProcess, job: ClientJob): Promise<ClientCell> {
  return new Promise((resolve, reject) => {
    const done = () => {
      client.off("message", onMessage);
      client.off("exit", onExit);
    };
    const onMessage = (cell: unknown) => {
      done();
      resolve(cell as ClientCell);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`the bench's client process exited with ${code}`));
    };
    client.on("message", onMessage);
    client.on("exit", onExit);
    client.send(job);
  });
}

/** The registry's student model file, the shared llama.cpp binding and its math threads (BENCH_THREADS, else all math cores). */
export async function loadStudent() {
  const resolved = await createModelRegistry({ config: configFromEnvironment() }).resolve(
    defaultStudentModelName,
  );
  const llama = await getSharedLlama();
  return {
    resolved,
    llama,
    threads: Number(process.env.BENCH_THREADS ?? 0) || Math.max(1, llama.cpuMathCores),
  };
}

/** Request `index` on the plain loop: its prompt and seed, each generated chunk's length to `onToken`. */
export function plainRequest(
  chat: LlamaChat,
  index: number,
  maxTokens: number,
  onToken: (tokens: number) => void,
) {
  return chat.generateResponse(toChatHistory([{ role: "user", content: prompts[index % prompts.length]! }]), {
    ...sampling,
    seed: index,
    maxTokens,
    onToken(chunk) {
      onToken(chunk.length);
    },
  });
}

/**
 * `count` requests over `concurrency` lanes, each taking the next request as soon as its last
 * ends; `one(index)` runs request `index` and gives its completion tokens.
 */
export async function runLanes(
  concurrency: number,
  count: number,
  first: number,
  one: (index: number) => Promise<number>,
): Promise<{ tokens: number; seconds: number }> {
  let next = 0;
  let tokens = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        // Not `tokens += await …`: that reads `tokens` before the await and loses the other lanes' counts.
        const done = await one(first + next++);
        tokens += done;
      }
    }),
  );
  return { tokens, seconds: (performance.now() - started) / 1000 };
}

/** Request `index` on the plain loop, on a chat taken from `idle` and put back; its completion tokens. */
export async function plainOnIdleChat(idle: LlamaChat[], index: number, maxTokens: number): Promise<number> {
  const chat = idle.pop()!;
  let tokens = 0;
  try {
    await plainRequest(chat, index, maxTokens, (count) => {
      tokens += count;
    });
  } finally {
    idle.push(chat);
  }
  return tokens;
}

/** Request `index` through the server's decoder in process (the model's `stream`, no HTTP); its completion tokens. */
export async function decoderRequest(
  model: StreamingModel,
  index: number,
  maxTokens: number,
): Promise<number> {
  const end = await model.stream(
    {
      prompt: { messages: [{ role: "user", content: prompts[index % prompts.length]! }] },
      ...sampling,
      seed: index,
      maxTokens,
    },
    () => {},
  );
  return end.completionTokens;
}

/**
 * Both sides over the student's file: the server (the embedded model with `parallel` sequences,
 * plus its own for `choose`, on an ephemeral port, with the official client in a process of its
 * own, `servedClient.ts`) and the plain loop (one LlamaChat per sequence of a context of its own
 * over the server's loaded model, with as many sequences, the same size and threads). `close`
 * disposes of everything.
 */
export async function startBothSides() {
  const { resolved, threads } = await loadStudent();
  const sequences = parallel + choosingSequences;
  const served = await createEmbeddedModel({
    modelPath: resolved.path,
    id: resolved.name,
    parallel,
    contextSize,
    threads,
  });
  // BENCH_INTERVAL: the server's --stream-interval in ms, else its default.
  const interval = process.env.BENCH_INTERVAL;
  const server = await startServer({
    model: served,
    port: 0,
    ...(interval ? { limits: { streamIntervalMs: Number(interval) } } : {}),
  });
  const client = startClient();
  // The plain loop decodes with the server's loaded weights, on a context of its own: with a
  // second copy of the model loaded, the copy loaded first decoded about 4% slower than the
  // later one (bench/serve/modelCopies.ts: four contexts over four loads, the first 0.96× the
  // others; over one load, none slower), so the server, loaded first, was measured against
  // faster weights.
  const plainContext = await served.model.createContext({ sequences, contextSize, threads });
  const idleChats = Array.from(
    { length: parallel },
    () => new LlamaChat({ contextSequence: plainContext.getSequence() }),
  );
  const close = async () => {
    client.kill();
    await server.close();
    for (const chat of idleChats) chat.dispose();
    await plainContext.dispose();
    await served.dispose();
  };
  return { resolved, threads, sequences, served, server, client, plainContext, idleChats, close };
}
