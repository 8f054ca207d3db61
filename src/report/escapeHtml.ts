const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character]!);
}

/** A number for people: integers as is, shares as percentages when asked, others to 3 decimals. */
export function formatNumber(
  value: number | undefined,
  options: { percent?: boolean; digits?: number } = {},
): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  if (options.percent) return `${(value * 100).toFixed(options.digits ?? 1)}%`;
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toFixed(options.digits ?? 3);
}
