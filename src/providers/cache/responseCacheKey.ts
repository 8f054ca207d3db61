import { createHash } from "node:crypto";
import type { GenerateRequest, ModelIdentity } from "../LanguageModel.js";

/**
 * The response-cache key of one request: sha256 of a canonical JSON (object keys sorted) of
 * the model identity (provider, id, file hash, adapter), the messages, the schema and every
 * sampling parameter including the seed. Two requests share a key exactly when a
 * deterministic model would give them the same answer. No secret is part of it.
 */
export function responseCacheKey(identity: ModelIdentity, request: GenerateRequest): string {
  const material = canonicalJson({
    model: {
      provider: identity.provider,
      id: identity.id,
      fileSha256: identity.fileSha256 ?? null,
      adapter: identity.adapter ?? null,
    },
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    schema: request.schema ?? null,
    sampling: request.sampling,
  });
  return createHash("sha256").update(material).digest("hex");
}

/** JSON with object keys in sorted order, so equal values always serialise to equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}
