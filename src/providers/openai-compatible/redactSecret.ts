/** What a redacted secret is replaced with. */
export const redactedMarker = "[redacted]";

/**
 * Replaces every occurrence of `secret` in `text`, Bearer tokens and credentials in URLs with a
 * marker, so an API key a server echoes back (or a header in a cause) never reaches logs,
 * errors, the store or exported files.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  let result = text;
  if (secret !== undefined && secret.length > 0) result = result.split(secret).join(redactedMarker);
  return result
    .replace(/(Bearer\s+)[^\s"',]+/gi, `$1${redactedMarker}`)
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${redactedMarker}@`);
}
