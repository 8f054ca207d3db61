/**
 * Milliseconds to wait before retry number `retry` (0 for the first retry): exponential
 * backoff with full jitter, a uniform draw in [0, min(maxMs, baseMs * 2^retry)). When the
 * server said how long to wait (`Retry-After`), that wins, capped at `maxMs` by the caller.
 */
export function backoffDelay(
  retry: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number; random?: () => number },
): number {
  if (options.retryAfterMs !== undefined) return Math.max(0, options.retryAfterMs);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}
