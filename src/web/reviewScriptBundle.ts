import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The page script's source (a source checkout, tsx, the tests). */
const source = path.join(here, "page", "reviewScript.ts");
/** The bundle `npm run build` writes beside the compiled library (an installed package). */
const built = path.join(here, "page", "reviewScript.bundle.js");

/**
 * Bundles the review page's script (`page/reviewScript.ts` and what it imports) into one
 * browser script with esbuild: an IIFE for current browsers, nothing loaded at run time.
 */
export function bundleReviewScript(entry: string = source): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    charset: "utf8",
    legalComments: "none",
    logLevel: "silent",
  });
  const text = result.outputFiles[0]!.text;
  // The script is inlined in a <script> element: it must not be able to close it.
  if (/<\/script/i.test(text))
    throw new Error("The review page's script contains </script and cannot be inlined.");
  return text;
}

let cached: string | undefined;

/**
 * The review page's script, bundled on first use from its TypeScript source when this is a
 * source checkout (so `./synthforge review serve` and the tests need no build step), else
 * read from the bundle `npm run build` wrote. Cached for the life of the process.
 */
export function reviewScriptBundle(): string {
  if (cached === undefined) {
    cached = existsSync(source) ? bundleReviewScript(source) : readFileSync(built, "utf8");
  }
  return cached;
}
