import type { NegativeMarking } from "./planNegatives.js";

/**
 * Applies the post-generation part of a negative: for label-flip, the record's label field
 * is replaced by `flipTo`. When the record already carries `flipTo` (e.g. the slot was
 * steered to another cell), the next value of `labelValues` after the record's label is
 * used instead, so the stored label always differs from the generated one. Other kinds are
 * returned unchanged. Returns a new object.
 */
export function applyNegative(
  data: Record<string, unknown>,
  marking: NegativeMarking,
  labelField: string,
  labelValues: readonly string[] = [],
): Record<string, unknown> {
  if (marking.kind !== "label-flip" || marking.flipTo === undefined) return { ...data };
  const current = data[labelField];
  let flipTo = marking.flipTo;
  if (flipTo === current) {
    const position = labelValues.indexOf(String(current));
    const others = [
      ...labelValues.slice(position + 1),
      ...labelValues.slice(0, Math.max(0, position)),
    ].filter((value) => value !== current);
    if (others.length > 0) flipTo = others[0]!;
  }
  return { ...data, [labelField]: flipTo };
}
