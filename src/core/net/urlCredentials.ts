/** `scheme://user:password@` at the start of a URL anywhere in a text. */
const credentialsPattern = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]+@/gi;

/** The credentials written into a URL (`http://user:key@host/v1`), and the URL without them. */
export function splitUrlCredentials(
  url: string,
): { url: string; username: string; password: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username === "" && parsed.password === "") return undefined;
  return {
    url: url.replace(credentialsPattern, "$1"),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/**
 * The text with the credentials of every URL in it removed (`http://user:key@host` becomes
 * `http://host`), for whatever is stored, logged or printed.
 */
export function stripUrlCredentials(text: string): string {
  return text.replace(credentialsPattern, "$1");
}
