import type { SensitiveHit, SensitiveType } from "./detectSensitive.js";

const placeholders: Record<SensitiveType, string> = {
  "china-id": "[ID]",
  "bank-card": "[CARD]",
  "china-mobile": "[PHONE]",
  phone: "[PHONE]",
  email: "[EMAIL]",
  ipv4: "[IP]",
  ipv6: "[IP]",
  word: "[REDACTED]",
};

/** Replaces each hit's span with a placeholder naming its type ([EMAIL], [PHONE], [ID], ...). */
export function redactSensitive(text: string, hits: readonly SensitiveHit[]): string {
  let result = "";
  let cursor = 0;
  for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
    result += text.slice(cursor, hit.start) + placeholders[hit.type];
    cursor = hit.end;
  }
  return result + text.slice(cursor);
}
