import { z } from "zod";

/** Which language model generates the data, and through which provider. */
export const modelSchema = z
  .strictObject({
    provider: z
      .enum(["embedded", "openai-compatible"])
      .default("embedded")
      .describe(
        "`embedded` runs a GGUF model in-process with llama.cpp; `openai-compatible` calls an HTTP server.",
      ),
    name: z
      .string()
      .min(1)
      .default("qwen2.5-coder-0.5b-instruct")
      .describe(
        "The teacher: a registry name (see `synthforge models list`), a path to a local .gguf file, or the server's model id.",
      ),
    adapter: z
      .string()
      .min(1)
      .optional()
      .describe("Path to a GGUF LoRA adapter to load on top of an embedded model."),
    baseUrl: z
      .string()
      .url()
      .optional()
      .describe("Base URL of an OpenAI-compatible server, e.g. http://localhost:8000/v1."),
    apiKey: z
      .string()
      .optional()
      .describe("API key; prefer `apiKeyEnv`. Never written to logs, the store, or exported files."),
    apiKeyEnv: z.string().optional().describe("Name of the environment variable that holds the API key."),
    requestTimeoutMs: z
      .number()
      .int()
      .min(0)
      .refine((value) => value === 0 || value >= 100, "0 (no limit) or at least 100")
      .default(120_000)
      .describe(
        "Milliseconds one HTTP attempt may take before it is aborted and retried; 0 for no limit, and the HTTP client adds none of its own (HTTP).",
      ),
    // No zod default: a defaulted field enters every recipe's hash and so changes every run id.
    adaptiveConcurrency: z
      .boolean()
      .optional()
      .describe(
        "Cut the requests in flight on 429, 503, timeouts and growing latency, and grow them back up to `parallel` while the server keeps up (HTTP; default: on).",
      ),
    maxRetries: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(5)
      .describe(
        "Retries on 429, 5xx, timeouts, resets and broken bodies, with backoff honouring Retry-After (HTTP).",
      ),
    structuredOutput: z
      .enum(["auto", "json_schema", "json_object"])
      .default("auto")
      .describe(
        "`auto` sends response_format json_schema and falls back to JSON mode plus validation when the server rejects it (HTTP).",
      ),
    price: z
      .strictObject({
        inputPerMillion: z.number().min(0).describe("US dollars per million input (prompt) tokens."),
        outputPerMillion: z.number().min(0).describe("US dollars per million output (completion) tokens."),
      })
      .optional()
      .describe(
        "Price of the model for cost accounting; overrides the built-in table of well-known models (HTTP).",
      ),
    contextSize: z.number().int().min(256).default(2048).describe("Context window per sequence (embedded)."),
    // No zod default: the embedded default is measured per model (the registry's `parallel`).
    parallel: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        "Sequences decoded in parallel on one context (embedded) or requests in flight (HTTP). Default: the number `npm run bench:settings` measured for the model file on this machine, else for a registry model the number `npm run bench:generate` chose for it on two CPU cores, 4 for any other GGUF file, 8 requests over HTTP. Not part of the run's identity: a rerun with another value continues the same run.",
      ),
    threads: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "CPU threads for the embedded model (default: the number `npm run bench:settings` measured for the model file on this machine, else all cores). Not part of the run's identity.",
      ),
    flashAttention: z
      .boolean()
      .optional()
      .describe(
        "llama.cpp's flash attention for the embedded model (default: llama.cpp decides, which turns it on). On a CPU, off makes each row the judge labels after a long label list cheaper and the list itself, evaluated once, dearer (bench/annotate/manyLabels.ts, 1.5B teacher at 77 labels: the row's text 0.61 s instead of 0.98 s, the list 33 s instead of 24 s).",
      ),
  })
  .describe("The model that generates records.");

export type ModelSettings = z.infer<typeof modelSchema>;
