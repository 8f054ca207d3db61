/**
 * A text with its spaces, punctuation, symbols and underscores taken out, lower-cased: what is
 * left to compare when asking whether two texts say the same words ("Card arrival." and
 * `card_arrival`, "…不良反应吗？" and "…不良反应吗").
 */
export function bareText(value: string): string {
  return value.replace(/[\s\p{P}\p{S}_]/gu, "").toLowerCase();
}
