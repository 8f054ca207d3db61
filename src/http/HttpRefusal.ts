import type { Context } from "hono";

/**
 * One refused request: its status, the sentence that says why, and machine-readable names
 * (`code`: `host_not_allowed`, `invalid_api_key`...; `type`: OpenAI's error family). Each app
 * writes it in its own body shape (`RefusalWriter`), so the checks are written once.
 */
export interface HttpRefusal {
  status: 400 | 401 | 403 | 404 | 405 | 413 | 415;
  message: string;
  code: string;
  type: "invalid_request_error" | "permission_error" | "not_found";
}

/** How an app answers a refusal: OpenAI's `{ error: { message, type, code } }`, or `{ error }`. */
export type RefusalWriter = (c: Context, refusal: HttpRefusal) => Response;
