import {
  type ChatHistoryItem,
  getLlama,
  LlamaChat,
  type LlamaGrammar,
  LlamaLogLevel,
  type LlamaModel,
} from "node-llama-cpp";

/** One call to replay: the chat messages and sampling parameters exactly as the run sent them. */
export interface ReplayedCall {
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  sampling: { temperature: number; topP: number; topK: number; maxTokens: number; seed: number };
}

/** What the plain loop produced. */
export interface PlainLoopResult {
  seconds: number;
  /** Sum of the calls' own durations: seconds × parallel when every sequence was always busy. */
  busySeconds: number;
  outputTokens: number;
  /** Raw answers, in call order. */
  outputs: string[];
}

/** The baseline: node-llama-cpp used directly, with no Synthforge code between the caller and llama.cpp. */
export interface PlainLlamaLoop {
  /**
   * Runs the calls on `parallel` sequences of one context, each sequence taking the next call
   * when free; `free` decodes without the grammar, to measure what constrained decoding costs.
   */
  run(calls: readonly ReplayedCall[], options?: { free?: boolean }): Promise<PlainLoopResult>;
  /** The underlying model, for measurements that need no chat (the decode ceiling). */
  readonly model: LlamaModel;
  dispose(): Promise<void>;
}

/**
 * Loads the model file straight through node-llama-cpp (its own binding, model and context)
 * with the same sequences, context size and threads as the pipeline's model, and compiles
 * the same JSON Schema into a grammar once.
 */
export async function createPlainLlamaLoop(settings: {
  modelPath: string;
  schema: Record<string, unknown>;
  parallel: number;
  contextSize: number;
  threads: number;
}): Promise<PlainLlamaLoop> {
  const llama = await getLlama({ build: "never", gpu: "auto", logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: settings.modelPath });
  const context = await model.createContext({
    sequences: settings.parallel,
    contextSize: settings.contextSize,
    threads: settings.threads,
  });
  const grammar = await (
    llama.createGrammarForJsonSchema as unknown as (schema: Record<string, unknown>) => Promise<LlamaGrammar>
  ).call(llama, settings.schema);
  const chats = Array.from(
    { length: settings.parallel },
    () => new LlamaChat({ contextSequence: context.getSequence() }),
  );

  const history = (call: ReplayedCall): ChatHistoryItem[] => [
    ...call.messages.map(
      (message): ChatHistoryItem =>
        message.role === "assistant"
          ? { type: "model", response: [message.content] }
          : { type: message.role, text: message.content },
    ),
    { type: "model", response: [] },
  ];

  return {
    model,
    async run(calls, options = {}) {
      const outputs: string[] = new Array(calls.length);
      let outputTokens = 0;
      let busySeconds = 0;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        chats.map(async (chat) => {
          while (next < calls.length) {
            const index = next;
            next += 1;
            const call = calls[index]!;
            const callStarted = performance.now();
            const response = await chat.generateResponse(history(call), {
              grammar: options.free ? undefined : grammar,
              temperature: call.sampling.temperature,
              topP: call.sampling.topP,
              topK: call.sampling.topK,
              seed: call.sampling.seed,
              maxTokens: call.sampling.maxTokens,
              onToken(tokens) {
                outputTokens += tokens.length;
              },
            });
            busySeconds += (performance.now() - callStarted) / 1000;
            outputs[index] = response.response;
          }
        }),
      );
      return { seconds: (performance.now() - started) / 1000, busySeconds, outputTokens, outputs };
    },
    async dispose() {
      for (const chat of chats) chat.dispose({ disposeSequence: true });
      await context.dispose();
      await model.dispose();
    },
  };
}
