export { defaultStorePath, openStore } from "./openStore.js";
export { SqliteStore, slotAlreadyFilled } from "./SqliteStore.js";
export type * from "./Store.js";
