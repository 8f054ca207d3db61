import type { Transport } from "./Transport.js";

/** A transport over a fetch implementation (a custom `fetch` setting: interception, tests, other runtimes). */
export function createFetchTransport(
  url: string,
  headers: Record<string, string>,
  fetchImplementation: typeof globalThis.fetch,
): Transport {
  return async (body, signal) => {
    const response = await fetchImplementation(url, { method: "POST", headers, body, signal });
    const retryAfter = response.headers.get("retry-after");
    return { status: response.status, retryAfter, text: await response.text() };
  };
}
