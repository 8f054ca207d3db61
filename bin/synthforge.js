#!/usr/bin/env node
// Runs the TypeScript sources through tsx in a source checkout (so a dist/ left by `npm run
// build` can never run stale code), else the compiled CLI of the installed package.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "cli", "main.ts");
let main;
if (existsSync(source)) {
  const { tsImport } = await import("tsx/esm/api");
  ({ main } = await tsImport(pathToFileURL(source).href, import.meta.url));
} else {
  ({ main } = await import(pathToFileURL(join(root, "dist", "cli", "main.js")).href));
}
process.exitCode = await main(process.argv);
