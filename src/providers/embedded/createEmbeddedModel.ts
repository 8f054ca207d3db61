import {
  type Llama,
  LlamaChat,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  LlamaText,
  type Token,
  type TokenPredictor,
} from "node-llama-cpp";
import { CancelledError } from "../../core/errors/CancelledError.js";
import { ModelFileError } from "../../core/errors/ModelFileError.js";
import { ProviderError } from "../../core/errors/ProviderError.js";
import type {
  ChatMessage,
  ChooseRequest,
  ChooseResult,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelIdentity,
} from "../LanguageModel.js";
import type { StreamingModel, StreamPrompt, StreamRequest } from "../StreamingModel.js";
import { buildChoiceTrie, type ChoiceTrieNode } from "./choiceTrie.js";
import { chooseAmong } from "./chooseAmong.js";
import { copySequenceState } from "./copySequenceState.js";
import { createPromptCache } from "./createPromptCache.js";
import { createSequencePool } from "./createSequencePool.js";
import { createStepBarrier, type StepMember } from "./createStepBarrier.js";
import { decodeStream } from "./decodeStream.js";
import { forcedJsonPrefix, type JsonSpacing, jsonSpacingOf } from "./forcedJsonPrefix.js";
import { getSharedLlama } from "./getSharedLlama.js";
import { applyStringPatterns, splitStringPatterns } from "./stringPatternGrammar.js";
import { toChatHistory } from "./toChatHistory.js";

/** Settings of the embedded llama.cpp provider. */
export interface EmbeddedModelSettings {
  /** Path of the GGUF model file (already verified; see the model registry). */
  modelPath: string;
  /** Model id recorded in provenance, e.g. the registry name. */
  id: string;
  /** sha256 of the model file, recorded in provenance. */
  fileSha256?: string;
  /** Path of a GGUF LoRA adapter loaded on top of the model. */
  adapter?: string;
  /** Sequences decoded in parallel on one context; further generate() calls wait their turn. Default 4. */
  parallel?: number;
  /** Context window of each sequence, in tokens (prompt plus answer). Default 2048. */
  contextSize?: number;
  /**
   * Sequences that keep evaluated prompts for generate() to start from (`createPromptCache`);
   * 0 turns the cache off. Each holds up to `contextSize` tokens of KV cache. Default: 24, or
   * fewer where 24 would take more than 768 MiB (`defaultPromptCache`).
   */
  promptCache?: number;
  /**
   * Whether generate() writes the opening a JSON schema forces into the prompt instead of
   * decoding it (`forcedJsonPrefix`). Default true.
   */
  prefill?: boolean;
  /**
   * Whether generate()'s sequences ask for each next token together, so that they share every
   * batch (`createStepBarrier`). Default true.
   */
  inStep?: boolean;
  /** CPU threads for decoding. Default: every core llama.cpp sees. */
  threads?: number;
  /** llama.cpp's flash attention for the context; default: llama.cpp decides ("auto"). */
  flashAttention?: boolean;
  /** Stops loading the model. */
  signal?: AbortSignal;
  /** A llama.cpp binding to use instead of the shared one. */
  llama?: Llama;
  /**
   * Speculative decoding: called once for each of the `parallel` generating sequences, it gives
   * that sequence its own token predictor (node-llama-cpp's `DraftSequenceTokenPredictor` on a
   * smaller model's sequence, or `InputLookupTokenPredictor`), whose guesses are checked in the
   * same batch as the next token. Default none: on two CPU cores neither paid on the README
   * recipe, and with a draft model some decodes never ended (bench/generate/speculative.ts,
   * docs/providers.md).
   */
  tokenPredictor?: () => TokenPredictor;
}

/** What the sequences' token predictors guessed, summed over the generating sequences (node-llama-cpp's counts). */
export interface TokenPredictionCounts {
  /** Guesses the model confirmed (the token it chose was the guess). */
  validated: number;
  /** Guesses the model rejected, each evaluated for nothing. */
  refuted: number;
  /** Confirmed guesses that were used as output. */
  used: number;
  /** Confirmed guesses evaluated but not used (the answer ended first). */
  unused: number;
}

/**
 * Sequences `choose` keeps: one holds the prompt's cached prefix, and the label trie's nodes are
 * evaluated up to this many at a time (bench/annotate/manyLabels.ts).
 */
export const choosingSequences = 4;

/**
 * Sequences keeping evaluated prompts (`promptCache`) when the settings name no number, at most:
 * the README recipe has 24 distinct prompts (3 phrasings of 8 cells). With 24 a 100-record run of
 * it evaluated 19.7 prompt tokens a record, with none 66.3 (bench/mainCommand/shortcuts.ts); with
 * 8, in an earlier run, 59.
 */
export const defaultPromptCacheSequences = 24;

/** Memory the default prompt cache may take (its sequences' KV cache). */
const promptCacheBudgetBytes = 768 * 1024 * 1024;

/** Sequences on one context when neither the recipe nor the registry names a number. */
export const defaultParallelSequences = 4;

/** The embedded provider's model object: a LanguageModel with its loaded llama.cpp handles. */
export interface EmbeddedModel extends LanguageModel, StreamingModel {
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly contextSize: number;
  countPromptTokens(messages: readonly ChatMessage[]): number;
  /** The token predictors' counts so far (all zero without `tokenPredictor`). */
  tokenPredictions(): TokenPredictionCounts;
}

/**
 * Loads a GGUF model once and serves generate() calls on `parallel` sequences of one
 * context, so that many calls decode together in each batch. Every call starts from a fresh
 * chat history (only the KV cache of a matching prompt prefix is reused), with the chat
 * template read from the model and output constrained by a grammar compiled from the
 * request's JSON Schema.
 */
export async function createEmbeddedModel(settings: EmbeddedModelSettings): Promise<EmbeddedModel> {
  const parallel = settings.parallel ?? defaultParallelSequences;
  const contextSize = settings.contextSize ?? 2048;
  const llama = settings.llama ?? (await getSharedLlama());
  const model = await llama
    .loadModel({ modelPath: settings.modelPath, loadSignal: settings.signal })
    .catch((error: unknown) => {
      throw new ModelFileError(`Could not load model ${settings.modelPath}: ${(error as Error).message}`, {
        path: settings.modelPath,
        cause: error,
      });
    });
  const cached = settings.promptCache ?? (await defaultPromptCache(model, contextSize));
  let context: LlamaContext;
  try {
    context = await model.createContext({
      // `choose` keeps sequences of its own beside the `parallel` of generate(): the first holds
      // the label list evaluated across rows, the others take copies of it to score the label
      // trie's nodes in batches.
      sequences: parallel + choosingSequences + cached,
      contextSize,
      threads: settings.threads ?? defaultThreads(llama),
      ...(settings.flashAttention === undefined ? {} : { flashAttention: settings.flashAttention }),
      lora: settings.adapter,
      createSignal: settings.signal,
    });
  } catch (error) {
    await model.dispose();
    const what = settings.adapter ? ` with adapter ${settings.adapter}` : "";
    throw new ModelFileError(
      `Could not create a context for ${settings.id}${what}: ${(error as Error).message}`,
      {
        path: settings.adapter ?? settings.modelPath,
        cause: error,
      },
    );
  }
  // generate()'s sequences ask for their next tokens in step (`inStep`): node-llama-cpp starts
  // the next batch as soon as the last one's tokens are sampled, with only the sequences that
  // have queued by then, so sequences that fell out of step stay out of step and decode one a
  // batch. Every decode call of a generating sequence passes here and waits for the others'.
  const generating = new Map<number, { member: StepMember; signal: AbortSignal | undefined }>();
  // `_decodeTokens` is node-llama-cpp's internal queue (3.x, pinned by the lockfile): where it is
  // missing the sequences decode as node-llama-cpp schedules them, out of step but correct.
  const holder = context as unknown as {
    _decodeTokens?: (options: { sequenceId: number }, mapper: unknown) => Promise<unknown>;
  };
  const inStep = settings.inStep !== false && typeof holder._decodeTokens === "function";
  if (inStep && holder._decodeTokens) {
    const decodeTokens = holder._decodeTokens.bind(holder);
    holder._decodeTokens = async (options, mapper) => {
      const entry = generating.get(options.sequenceId);
      if (entry) await entry.member.arrive(entry.signal);
      return decodeTokens(options, mapper);
    };
  }
  /** node-llama-cpp's own id of a sequence, which its decode calls carry. */
  const sequenceIdOf = (sequence: LlamaContextSequence) =>
    (sequence as unknown as { _sequenceId: number })._sequenceId;
  const leaveStep = (sequence: LlamaContextSequence) => {
    const id = sequenceIdOf(sequence);
    generating.get(id)?.member.leave();
    generating.delete(id);
  };
  const chats = Array.from(
    { length: parallel },
    () =>
      new LlamaChat({
        contextSequence: context.getSequence(
          settings.tokenPredictor ? { tokenPredictor: settings.tokenPredictor() } : undefined,
        ),
      }),
  );
  const pool = createSequencePool(chats);
  const chooser = createSequencePool([
    Array.from({ length: choosingSequences }, () => context.getSequence()),
  ]);
  // After the generating and choosing sequences, so that those keep consecutive ids.
  const promptCache = createPromptCache(
    Array.from({ length: cached }, () => context.getSequence()),
    copySequenceState,
  );
  const tries = new Map<string, ChoiceTrieNode | undefined>();
  const trieOf = (choices: readonly string[]): ChoiceTrieNode | undefined => {
    const key = JSON.stringify(choices);
    if (!tries.has(key)) {
      if (tries.size >= 64) tries.clear();
      tries.set(
        key,
        buildChoiceTrie(choices, (text) => model.tokenizer(text, false)),
      );
    }
    return tries.get(key);
  };
  // The recipe's schema is user data checked at the boundary, not a literal type, so the
  // generic signature of createGrammarForJsonSchema is widened here.
  const compileJsonSchema = llama.createGrammarForJsonSchema.bind(llama) as unknown as (
    schema: Record<string, unknown>,
  ) => Promise<LlamaGrammar>;
  // The top-level string properties' `pattern`s node-llama-cpp leaves out, held by the grammar
  // where their shape fits it (`applyStringPatterns`: a field's opening script, a script it never
  // uses); any other pattern is left to the checks after decoding.
  const compileWithPatterns = async (schema: Record<string, unknown>): Promise<LlamaGrammar> => {
    const { schema: plain, patterns } = splitStringPatterns(schema);
    const compiled = await compileJsonSchema(plain);
    const { grammar, applied } = applyStringPatterns(compiled.grammar, patterns);
    if (applied.length === 0) return compiled;
    return llama.createGrammar({
      grammar,
      stopGenerationTriggers: compiled.stopGenerationTriggers,
      trimWhitespaceSuffix: compiled.trimWhitespaceSuffix,
    });
  };
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  const grammarFor = (schema: Record<string, unknown>): Promise<LlamaGrammar> => {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      // Bounded: a server compiles whatever schemas its clients send.
      if (grammars.size >= 64) grammars.delete(grammars.keys().next().value!);
      grammar = compileWithPatterns(schema);
      grammars.set(key, grammar);
      grammar.catch(() => grammars.delete(key));
    }
    return grammar;
  };
  // A schema's forced opening (`forcedJsonPrefix`) with its grammar for the rest, per schema,
  // once an answer decoded in full has shown this model's JSON spacing for the same properties.
  const spacings = new Map<string, JsonSpacing>();
  const shapeOf = (schema: Record<string, unknown>) =>
    JSON.stringify(Object.keys((schema.properties ?? {}) as Record<string, unknown>));
  const learnSpacing = (schema: Record<string, unknown>, text: string) => {
    const learned = jsonSpacingOf(schema, text);
    const known = spacings.get(shapeOf(schema));
    if (
      learned !== undefined &&
      (known === undefined || (known.comma === undefined && learned.comma !== undefined))
    ) {
      spacings.set(shapeOf(schema), learned);
    }
  };
  const prefills = new Map<
    string,
    Promise<{ prefix: string; prefixTokens: number; grammar: LlamaGrammar } | undefined>
  >();
  const prefillFor = (schema: Record<string, unknown>) => {
    const spacing = spacings.get(shapeOf(schema));
    if (spacing === undefined) return undefined;
    const key = JSON.stringify([schema, spacing]);
    let prefill = prefills.get(key);
    if (!prefill) {
      if (prefills.size >= 64) prefills.delete(prefills.keys().next().value!);
      prefill = grammarFor(schema).then(async (whole) => {
        const forced = forcedJsonPrefix(schema, whole.grammar, spacing);
        if (forced === undefined) return undefined;
        const grammar = await llama.createGrammar({
          grammar: forced.grammar,
          stopGenerationTriggers: whole.stopGenerationTriggers,
          trimWhitespaceSuffix: whole.trimWhitespaceSuffix,
        });
        return { prefix: forced.prefix, prefixTokens: model.tokenize(forced.prefix, false).length, grammar };
      });
      prefills.set(key, prefill);
      prefill.catch(() => prefills.delete(key));
    }
    return prefill;
  };
  const identity: ModelIdentity = {
    provider: "embedded",
    id: settings.id,
    ...(settings.fileSha256 === undefined ? {} : { fileSha256: settings.fileSha256 }),
    ...(settings.adapter === undefined ? {} : { adapter: settings.adapter }),
  };
  let disposed = false;
  const promptTokensOf = (messages: readonly ChatMessage[]) =>
    chats[0]!.chatWrapper
      .generateContextState({ chatHistory: toChatHistory(messages) })
      .contextText.tokenize(model.tokenizer);
  const countPromptTokens = (messages: readonly ChatMessage[]): number => promptTokensOf(messages).length;
  // A raw prompt (completions) begins with the BOS token where the model expects one, as llama.cpp does.
  const rawPromptTokens = (text: string): Token[] => {
    const tokens = model.tokenize(text, false);
    const bos = model.tokens.bos;
    return bos !== null && model.tokens.shouldPrependBosToken ? [bos, ...tokens] : tokens;
  };
  /** The prompt's tokens and how the chat template ends a turn: as a special token or as text. */
  const renderStreamPrompt = (prompt: StreamPrompt) => {
    if ("text" in prompt)
      return { tokens: rawPromptTokens(prompt.text), stopTokens: new Set<Token>(), stops: [] };
    const state = chats[0]!.chatWrapper.generateContextState({ chatHistory: toChatHistory(prompt.messages) });
    const stopTokens = new Set<Token>();
    const stops: string[] = [];
    for (const trigger of state.stopGenerationTriggers) {
      const text = LlamaText(trigger);
      const tokens = text.tokenize(model.tokenizer);
      if (text.values.every((value) => typeof value === "string")) stops.push(text.toString());
      else if (tokens.length === 1) stopTokens.add(tokens[0]!);
    }
    return { tokens: state.contextText.tokenize(model.tokenizer), stopTokens, stops };
  };
  // A server counts a prompt's tokens to size the answer and then streams it: the template is
  // rendered and tokenized once per prompt object, not once for each.
  const streamPrompts = new WeakMap<StreamPrompt, ReturnType<typeof renderStreamPrompt>>();
  const streamPromptOf = (prompt: StreamPrompt) => {
    let known = streamPrompts.get(prompt);
    if (known === undefined) {
      known = renderStreamPrompt(prompt);
      streamPrompts.set(prompt, known);
    }
    return known;
  };

  // The streamed decodes ask for their next tokens together, so they share every batch.
  const steps = createStepBarrier();
  const stream: StreamingModel["stream"] = async (request: StreamRequest, onPiece) => {
    if (disposed) throw new ProviderError("embedded", `model ${settings.id} was disposed`);
    const prompt = streamPromptOf(request.prompt);
    if (prompt.tokens.length + request.maxTokens > context.contextSize) {
      throw new ProviderError(
        "embedded",
        `the prompt takes ${prompt.tokens.length} tokens and the answer may take ${request.maxTokens}, more than the ${context.contextSize}-token context of ${settings.id} holds`,
      );
    }
    const grammar = request.schema ? await grammarFor(request.schema) : undefined;
    const triggeredGrammar = request.triggeredSchema
      ? await grammarFor(request.triggeredSchema.schema)
      : undefined;
    const chat = await pool.acquire(request.signal);
    try {
      return await decodeStream({
        model,
        sequence: chat.sequence,
        promptTokens: prompt.tokens,
        request,
        ...(grammar ? { grammar } : {}),
        ...(triggeredGrammar ? { triggeredGrammar } : {}),
        stopTokens: prompt.stopTokens,
        templateStops: prompt.stops,
        steps,
        order: chats.indexOf(chat),
        onPiece,
      });
    } catch (error) {
      if (request.signal?.aborted || error instanceof CancelledError) throw new CancelledError();
      throw new ProviderError("embedded", `generation failed: ${(error as Error).message}`, { cause: error });
    } finally {
      pool.release(chat);
    }
  };

  const choose = async (request: ChooseRequest): Promise<ChooseResult> => {
    if (disposed) throw new ProviderError("embedded", `model ${settings.id} was disposed`);
    const trie = trieOf(request.choices);
    if (trie === undefined) {
      throw new ProviderError(
        "embedded",
        "choosing needs choices of at least one token each; an empty choice was given",
      );
    }
    const prompt = promptTokensOf(request.messages);
    if (prompt.length >= context.contextSize) {
      throw new ProviderError(
        "embedded",
        `the prompt takes ${prompt.length} tokens, more than the ${context.contextSize}-token context of ${settings.id} holds`,
      );
    }
    const sequences = await chooser.acquire(request.signal);
    try {
      const chosen = await chooseAmong(sequences, prompt, trie, request.choices, {
        temperature: request.temperature,
        seeds: request.seeds,
      });
      return {
        picks: chosen.picks,
        probabilities: chosen.probabilities,
        usage: { inputTokens: prompt.length, outputTokens: 0 },
        spent: {
          promptMs: chosen.promptMs,
          trieMs: chosen.trieMs,
          evaluations: chosen.evaluations,
          evaluatedTokens: chosen.evaluated,
        },
      };
    } catch (error) {
      if (request.signal?.aborted) throw new CancelledError();
      throw new ProviderError("embedded", `choosing failed: ${(error as Error).message}`, { cause: error });
    } finally {
      chooser.release(sequences);
    }
  };

  const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    if (disposed) throw new ProviderError("embedded", `model ${settings.id} was disposed`);
    let grammar: LlamaGrammar | undefined;
    // The answer's opening that the schema forces, written as the start of the model's turn
    // (not when the caller already began that turn itself).
    let prefill: { prefix: string; prefixTokens: number; grammar: LlamaGrammar } | undefined;
    try {
      grammar = request.schema ? await grammarFor(request.schema) : undefined;
      if (settings.prefill !== false && request.schema && request.messages.at(-1)?.role !== "assistant") {
        prefill = await prefillFor(request.schema);
      }
    } catch (error) {
      throw new ProviderError(
        "embedded",
        `cannot compile a grammar from the output schema: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const messages: readonly ChatMessage[] = prefill
      ? [...request.messages, { role: "assistant", content: prefill.prefix }]
      : request.messages;
    // llama.cpp would drop the start of a prompt that does not fit and answer the rest.
    const prompt = promptTokensOf(messages);
    const promptTokens = prompt.length;
    if (promptTokens >= context.contextSize) {
      throw new ProviderError(
        "embedded",
        `the prompt takes ${promptTokens} tokens, more than the ${context.contextSize}-token context of ${settings.id} leaves for an answer; shorten the prompt or raise the context size`,
      );
    }
    const chat = await pool.acquire(request.signal);
    try {
      const { sampling } = request;
      const startedAt = new Date();
      const start = performance.now();
      let firstTokenAt: number | undefined;
      let inputTokens = 0;
      let cachedInputTokens = 0;
      let outputTokens = 0;
      // The sequence keeps what it evaluated: a prompt that starts as its previous one did (the
      // system prompt, the template's instructions) is evaluated from where the two part ways.
      const meterAtStart = chat.sequence.tokenMeter.getState();
      // Or from where another sequence's copy of it ends: a prompt another slot evaluated.
      await promptCache.restore(chat.sequence, prompt);
      if (inStep) {
        const id = sequenceIdOf(chat.sequence);
        generating.set(id, { member: steps.join(id), signal: request.signal });
      }
      const response = await chat.generateResponse(toChatHistory(messages), {
        grammar: prefill?.grammar ?? grammar,
        temperature: sampling.temperature,
        topP: sampling.topP,
        topK: sampling.topK,
        ...(sampling.minP === undefined ? {} : { minP: sampling.minP }),
        seed: sampling.seed,
        // The budget covers the whole answer, as for a provider that decodes the opening.
        maxTokens: Math.max(1, sampling.maxTokens - (prefill?.prefixTokens ?? 0)),
        // Only the answer's own tokens count, not the JSON punctuation the grammar forces.
        ...(sampling.repeatPenalty !== undefined && sampling.repeatPenalty !== 1
          ? { repeatPenalty: { penalty: sampling.repeatPenalty, lastTokens: 64, penalizeNewLine: false } }
          : {}),
        signal: request.signal,
        onToken(tokens) {
          if (firstTokenAt === undefined) {
            firstTokenAt = performance.now();
            // The prompt as the model saw it: everything in the sequence before the first answer token.
            inputTokens = chat.sequence.contextTokens.length;
            // Evaluated without logits, plus the prompt's last token, whose logits gave this one.
            const evaluated = chat.sequence.tokenMeter.diff(meterAtStart).usedInputTokens + 1;
            cachedInputTokens = Math.max(0, inputTokens - evaluated);
          }
          outputTokens += tokens.length;
        },
      });
      // Out of the step before keeping the prompt (a copy between batches), so that the others do
      // not wait for it; the `finally` below leaves on every other path (leaving twice is a no-op).
      leaveStep(chat.sequence);
      await promptCache.keep(chat.sequence, prompt);
      const text = (prefill?.prefix ?? "") + response.response;
      const finishReason = response.metadata.stopReason === "maxTokens" ? "length" : "stop";
      let json: unknown;
      if (request.schema) {
        try {
          json = JSON.parse(text);
          if (prefill === undefined) learnSpacing(request.schema, text);
        } catch {
          json = undefined;
        }
      }
      return {
        text,
        json,
        usage: { inputTokens, outputTokens, cachedInputTokens },
        finishReason,
        timing: {
          startedAt: startedAt.toISOString(),
          durationMs: performance.now() - start,
          ...(firstTokenAt === undefined ? {} : { timeToFirstTokenMs: firstTokenAt - start }),
        },
      };
    } catch (error) {
      if (request.signal?.aborted) throw new CancelledError();
      throw new ProviderError("embedded", `generation failed: ${(error as Error).message}`, { cause: error });
    } finally {
      leaveStep(chat.sequence);
      pool.release(chat);
    }
  };

  return {
    identity,
    parallelism: parallel,
    contextSize: context.contextSize,
    countPromptTokens,
    tokenPredictions() {
      const counts: TokenPredictionCounts = { validated: 0, refuted: 0, used: 0, unused: 0 };
      for (const chat of chats) {
        const own = chat.sequence.tokenPredictions;
        counts.validated += own.validated;
        counts.refuted += own.refuted;
        counts.used += own.used;
        counts.unused += own.unused;
      }
      return counts;
    },
    countStreamPromptTokens: (prompt) => streamPromptOf(prompt).tokens.length,
    async prepareSchema(schema) {
      await grammarFor(schema);
    },
    stream,
    load: () => ({ busy: pool.busy, waiting: pool.waiting }),
    model,
    context,
    generate,
    choose,
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const chat of chats) chat.dispose({ disposeSequence: true });
      await context.dispose();
      await model.dispose();
    },
  };
}

/**
 * {@link defaultPromptCacheSequences}, or as many as fit in {@link promptCacheBudgetBytes} by
 * node-llama-cpp's estimate of a sequence's memory (29 MiB for the 1.5B teacher at 1,024 tokens,
 * so 24 and 700 MiB for the README recipe; Qwen2.5-7B at 4,096 tokens gets 3).
 */
async function defaultPromptCache(model: LlamaModel, contextSize: number): Promise<number> {
  try {
    const estimate = (sequences: number) =>
      model.fileInsights.estimateContextResourceRequirementsV2({
        contextSize,
        modelGpuLayers: model.gpuLayers,
        sequences,
      });
    const [one, two] = await Promise.all([estimate(1), estimate(2)]);
    const perSequence = two.cpuRam + two.gpuVram - (one.cpuRam + one.gpuVram);
    if (perSequence <= 0) return defaultPromptCacheSequences;
    return Math.min(defaultPromptCacheSequences, Math.floor(promptCacheBudgetBytes / perSequence));
  } catch {
    return 0;
  }
}

/**
 * All the cores llama.cpp sees. Measured on 2 cores (bench/generate, the judge on 108 Yelp
 * reviews): 2 threads decode and evaluate prompts 1.7× as fast as 1 on a quiet machine. Its
 * threads spin-wait at a barrier after every operation, so on a machine busy with other work
 * one thread fewer (`model.threads`) can be faster.
 */
function defaultThreads(llama: Llama): number {
  return Math.max(1, llama.cpuMathCores);
}
