import { z } from "zod";
import { PROTOCOL_VERSION, workerMessageSchema, workerRequestSchema } from "./protocol.js";

/**
 * The protocol as JSON Schema (draft 2020-12), the text of
 * `worker/src/synthforge_worker/protocol.schema.json`. Requests are described as a sender
 * may write them (defaults optional); messages as the worker must write them.
 */
export function protocolJsonSchemaText(): string {
  const document = {
    title: "Synthforge worker protocol",
    description:
      "Generated from src/worker/protocol.ts by `npx tsx src/worker/writeProtocolSchema.ts`; do not edit.",
    protocolVersion: PROTOCOL_VERSION,
    request: z.toJSONSchema(workerRequestSchema, { io: "input" }),
    message: z.toJSONSchema(workerMessageSchema, { io: "output" }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
