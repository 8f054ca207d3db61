import { fetchWithConnectTimeout } from "./downloadToFile.js";
import { HttpStatusError } from "./HttpStatusError.js";

interface SimpleIndexPage {
  files?: { filename?: unknown; url?: unknown; size?: unknown; hashes?: { sha256?: unknown } }[];
}

/** A wheel found on the index. */
export interface WheelLocation {
  /** Absolute download URL. */
  url: string;
  /** Size in bytes when the index lists it (PEP 700), for progress across several wheels. */
  sizeBytes: number | undefined;
}

/**
 * Looks a wheel up on a PyPI simple index through its JSON API (PEP 691) and returns its
 * absolute download URL (and its size, when listed). Throws when the project or the file is missing, or when the index
 * lists a sha256 other than the pinned one.
 */
export async function findWheelUrl(
  indexUrl: string,
  packageName: string,
  wheelFile: string,
  wheelSha256: string,
  options: { signal?: AbortSignal } = {},
): Promise<WheelLocation> {
  const pageUrl = `${indexUrl.replace(/\/+$/, "")}/${packageName}/`;
  const response = await fetchWithConnectTimeout(pageUrl, {
    headers: { Accept: "application/vnd.pypi.simple.v1+json" },
    signal: options.signal,
  });
  if (!response.ok) throw new HttpStatusError(response.status, response.statusText);
  let page: SimpleIndexPage;
  try {
    page = (await response.json()) as SimpleIndexPage;
  } catch (error) {
    throw new Error(`index page ${pageUrl} is not JSON`, { cause: error });
  }
  const file = page.files?.find((candidate) => candidate.filename === wheelFile);
  if (!file || typeof file.url !== "string") throw new Error(`index does not list ${wheelFile}`);
  const listedSha = file.hashes?.sha256;
  if (typeof listedSha === "string" && listedSha.toLowerCase() !== wheelSha256) {
    throw new Error(
      `index lists sha256 ${listedSha.slice(0, 12)}… for ${wheelFile}, expected ${wheelSha256.slice(0, 12)}…`,
    );
  }
  return {
    url: new URL(file.url, response.url || pageUrl).toString(),
    sizeBytes: typeof file.size === "number" && Number.isFinite(file.size) ? file.size : undefined,
  };
}
