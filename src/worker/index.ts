export {
  ensureWorkerEnvironment,
  type WorkerEnvironment,
  type WorkerEnvironmentOptions,
  workerEnvironmentExists,
} from "./ensureWorkerEnvironment.js";
export { findPython } from "./findPython.js";
export * from "./protocol.js";
export { protocolJsonSchemaText } from "./protocolJsonSchemaText.js";
export {
  type StartWorkerOptions,
  startWorker,
  type WorkerClient,
  type WorkerMethods,
} from "./startWorker.js";
export { requirementsHash, workerPackageDir, workerVenvDir } from "./workerPaths.js";
