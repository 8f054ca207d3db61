const retryableCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * Describes an error thrown by fetch (or by reading the body) in a few words, and says
 * whether a new attempt may succeed: connection resets, refused connections and socket
 * errors may; a malformed URL may not. fetch wraps the system error in `cause`.
 */
export function describeTransportError(error: unknown): { message: string; isRetryable: boolean } {
  const outer = error as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const code = outer?.cause?.code ?? outer?.code;
  const detail = outer?.cause?.message ?? outer?.message ?? String(error);
  if (code !== undefined && retryableCodes.has(code))
    return { message: `${code} (${detail})`, isRetryable: true };
  if (/terminated|other side closed|socket|network|fetch failed/i.test(`${outer?.message} ${detail}`)) {
    return { message: detail, isRetryable: true };
  }
  return { message: detail, isRetryable: false };
}
