import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts a worker thread running the module `file` (a URL built from the caller's
 * `import.meta.url`, named with a `.js` extension as imports are). From the compiled package
 * that .js module runs as it is; from the TypeScript sources the thread loads the .ts file
 * through tsx, by way of typeScriptWorker.mjs.
 */
export function startModuleWorker(file: URL, options: Omit<WorkerOptions, "eval" | "argv"> = {}): Worker {
  if (import.meta.url.endsWith(".js")) return new Worker(file, options);
  const source = new URL(file.href.replace(/\.js$/, ".ts"));
  return new Worker(new URL("./typeScriptWorker.mjs", import.meta.url), { ...options, argv: [source.href] });
}
