// Writes the worker protocol's JSON Schema for the Python side (`npx tsx src/worker/writeProtocolSchema.ts`).
// src/worker/protocol.test.ts fails when the written file is stale.
import { writeFileSync } from "node:fs";
import { protocolJsonSchemaText } from "./protocolJsonSchemaText.js";
import { workerPackageDir } from "./workerPaths.js";

const target = `${workerPackageDir()}/src/synthforge_worker/protocol.schema.json`;
writeFileSync(target, protocolJsonSchemaText());
console.log(`wrote ${target}`);
