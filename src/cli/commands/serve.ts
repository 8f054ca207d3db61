import type { Command } from "commander";
import { z } from "zod";
import { UsageError } from "../../core/errors/UsageError.js";
import { isLoopbackHost } from "../../core/net/isLoopbackHost.js";
import { modelSchema } from "../../core/recipe/modelSchema.js";
import { isStreamingModel } from "../../providers/StreamingModel.js";
import type { ServedModelName } from "../../serve/createServeApp.js";
import { defaultServeLimits } from "../../serve/ServeLimits.js";
import { startServer } from "../../serve/startServer.js";
import type { CliContext } from "../context.js";
import { listenFailure } from "../listenFailure.js";
import { parseFlags } from "../parseFlags.js";

const wholeNumber = (what: string) => z.string().regex(/^\d+$/, what).transform(Number);

const serveFlagsSchema = z.object({
  model: z.string().min(1, "a registry name or a .gguf path"),
  adapter: z.string().min(1, "a .gguf LoRA adapter file").optional(),
  trainDir: z.string().min(1, "the output folder of `synthforge train`").optional(),
  recipe: z.string().min(1, "a recipe file whose trained student to serve").optional(),
  port: wholeNumber("a port number between 0 and 65535").pipe(
    z.number().max(65_535, "a port number between 0 and 65535"),
  ),
  host: z.string().min(1, "an address to listen on, e.g. 127.0.0.1"),
  parallel: wholeNumber("a whole number of sequences, at least 1").pipe(
    z.number().min(1, "a whole number of sequences, at least 1"),
  ),
  apiKey: z.string().min(8, "a key of at least 8 characters").optional(),
  allowOrigin: z.array(z.string().url("an origin such as https://app.example.com")).default([]),
  maxBody: wholeNumber("a size in bytes, at least 1024").pipe(
    z.number().min(1024, "a size in bytes, at least 1024"),
  ),
  streamInterval: wholeNumber("a whole number of milliseconds, 0 for every token").pipe(
    z.number().max(1000, "at most 1000 milliseconds"),
  ),
});

/** `synthforge serve`: the embedded model behind an OpenAI-compatible HTTP API, until Ctrl-C. */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("Serve a local model (optionally with a LoRA adapter) over an OpenAI-compatible HTTP API.")
    .option("--model <name|path>", "registry name or GGUF file", "smollm2-135m-instruct")
    .option("--adapter <file.gguf>", "GGUF LoRA adapter to load on top of the model")
    .option(
      "--train-dir <dir>",
      "serve the tuned student of this `synthforge train` output folder (its base model and GGUF adapter)",
    )
    .option("--recipe <file>", "serve the tuned student of this recipe's training (its train output folder)")
    .option("--port <n>", "TCP port (0 picks a free one)", "8080")
    .option(
      "--host <address>",
      "address to listen on; keep loopback unless others must reach it",
      "127.0.0.1",
    )
    .option("--parallel <n>", "requests decoded at once (sequences on one context)", "4")
    .option(
      "--api-key <key>",
      "bearer token clients must send (Authorization: Bearer <key>); required when --host is not loopback",
    )
    .option(
      "--allow-origin <origin>",
      "browser origin allowed to call the server besides loopback pages (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--max-body <bytes>",
      "largest request body accepted; larger ones get HTTP 413",
      String(4 * 1024 * 1024),
    )
    .option(
      "--stream-interval <ms>",
      "least time between two streamed events of one answer; tokens decoded within it go out together (0: every token alone)",
      String(defaultServeLimits.streamIntervalMs),
    )
    .action(async (rawFlags: unknown) => {
      const flags = parseFlags(serveFlagsSchema, rawFlags);
      // Checked before the model loads: exposing it without a key is refused at once.
      if (!isLoopbackHost(flags.host) && flags.apiKey === undefined) {
        throw new UsageError(
          `--api-key: required when --host is ${flags.host}, which other machines can reach; give a key clients must send, or keep --host 127.0.0.1.`,
        );
      }
      const student = await studentOf(flags);
      const settings = modelSchema.parse({
        provider: "embedded",
        name: student?.baseModel ?? flags.model,
        parallel: flags.parallel,
        ...(student
          ? { adapter: student.adapter }
          : flags.adapter === undefined
            ? {}
            : { adapter: flags.adapter }),
      });
      // Loaded on demand: the model runtime is heavy and only this command and `run` need it.
      const { createLanguageModel } = await import("../../providers/createLanguageModel.js");
      const model = await createLanguageModel(settings, {
        config: context.config,
        events: context.reporter.sink,
        baseDirectory: process.cwd(),
        signal: context.signal,
        // Streams reuse what their own sequence evaluated; the generate() prompt cache would
        // only hold memory here.
        embedded: { promptCache: 0 },
      });
      try {
        if (!isStreamingModel(model)) throw new UsageError("--model: serve needs an embedded model.");
        // The student by what it is, with the base model (as the registry names it) as its root.
        const name: ServedModelName | undefined = student
          ? { id: student.id, root: model.identity.id }
          : undefined;
        const server = await startServer({
          model,
          ...(name === undefined ? {} : { name }),
          port: flags.port,
          host: flags.host,
          allowedOrigins: flags.allowOrigin,
          maxBodyBytes: flags.maxBody,
          limits: { streamIntervalMs: flags.streamInterval },
          ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey }),
        }).catch((error: unknown) => {
          throw listenFailure(error, flags.host, flags.port);
        });
        context.reporter.sink({
          type: "log",
          level: "info",
          message: `Serving ${name?.id ?? model.identity.id} (${model.identity.id}${model.identity.adapter ? ` + ${model.identity.adapter}` : ""}) at ${server.url} (POST /chat/completions, POST /completions, GET /models); Ctrl-C stops.`,
        });
        if (!context.signal.aborted) {
          await new Promise<void>((resolve) =>
            context.signal.addEventListener("abort", () => resolve(), { once: true }),
          );
        }
        await server.close();
      } finally {
        await model.dispose();
      }
    });
}

/** The trained student named by --train-dir or --recipe (which replace --model and --adapter). */
async function studentOf(flags: z.infer<typeof serveFlagsSchema>) {
  const given = [
    flags.trainDir && "--train-dir",
    flags.recipe && "--recipe",
    flags.adapter && "--adapter",
  ].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(" and ")}: give one of them, not both.`);
  let trainDir = flags.trainDir;
  if (flags.recipe !== undefined) {
    const { loadRecipe } = await import("../../core/recipe/loadRecipe.js");
    const { recipeTrainOutput } = await import("../../train/recipeTrainingInputs.js");
    trainDir = recipeTrainOutput(await loadRecipe(flags.recipe));
  }
  if (trainDir === undefined) return undefined;
  const { servedStudent } = await import("../../train/servedStudent.js");
  return servedStudent(trainDir);
}
