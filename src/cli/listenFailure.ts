import { UsageError } from "../core/errors/UsageError.js";

/** A server that could not start listening, as one sentence naming the flag to change; other errors pass unchanged. */
export function listenFailure(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") return new UsageError(`--port: port ${port} is in use; choose another.`);
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return new UsageError(`--host: cannot listen on ${host} (${code}).`);
  }
  return error;
}
