// `npm run build`, after tsc: bundles the review page's browser script into
// dist/web/page/reviewScript.bundle.js, which the compiled review app reads (the package ships
// no TypeScript source to bundle at run time).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleReviewScript } from "../src/web/reviewScriptBundle.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "dist", "web", "page", "reviewScript.bundle.js");
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, bundleReviewScript(path.join(root, "src", "web", "page", "reviewScript.ts")));
console.error(`bundled the review page's script into ${path.relative(root, target)}`);
