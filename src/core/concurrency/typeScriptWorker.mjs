// Entry of a worker thread whose module is TypeScript, when Synthforge runs from its sources
// (tsx, vitest) rather than the compiled package: Node 20 threads do not apply `--import tsx`
// to their main module, so this plain module loads it through tsx's API. See startModuleWorker.
import { argv } from "node:process";
import { tsImport } from "tsx/esm/api";

await tsImport(argv.at(-1), import.meta.url);
