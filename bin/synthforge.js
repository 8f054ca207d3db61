#!/usr/bin/env node
// The command's entry. It is CommonJS (bin/package.json) so that it runs before anything has
// used libuv's thread pool: the pool's size is read once, at its first use, and an ES module
// entry is already too late (Node's module loader reads files through the pool). llama.cpp's
// decodes and samplings are tasks on that pool; with its default of 4 threads they hop between
// threads, and on two cores the SmolLM2-135M student decoded one stream at 64 tokens/s against
// 214 with one thread (bench/serve/run.ts, docs/providers.md). A size the user set is kept.
// Then it runs the TypeScript sources through tsx in a source checkout (so a dist/ left by
// `npm run build` can never run stale code), else the compiled CLI of the installed package.
"use strict";
process.env.UV_THREADPOOL_SIZE ??= "1";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

async function start() {
  const root = join(__dirname, "..");
  const source = join(root, "src", "cli", "main.ts");
  let main;
  if (existsSync(source)) {
    const { tsImport } = await import("tsx/esm/api");
    ({ main } = await tsImport(pathToFileURL(source).href, pathToFileURL(__filename).href));
  } else {
    ({ main } = await import(pathToFileURL(join(root, "dist", "cli", "main.js")).href));
  }
  process.exitCode = await main(process.argv);
}

start();
