/** One short reason for a failed fetch or file operation, e.g. "ENOTFOUND huggingface.co" or "HTTP 404". */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as (Error & { code?: string; hostname?: string }) | undefined;
  if (error.message === "fetch failed" && cause) {
    const code = cause.code ?? (cause.cause as { code?: string } | undefined)?.code;
    const host = cause.hostname ? ` ${cause.hostname}` : "";
    return code ? `${code}${host}` : cause.message;
  }
  return error.message;
}
