import type { StrategySlot } from "./planNegatives.js";
import { selectShare } from "./selectShare.js";

/**
 * Marks exactly `round(share × n)` of the still-plain slots as hard cases of their label
 * (`strategy: "confusable"`), seeded. Which label each one is written close to is decided per
 * round, from the judge's confusions so far (`confusablePartners`); the prompt builder turns
 * the mark into `confusable:<partner>`, or back into a plain prompt when its label has none.
 */
export function planConfusable(slots: readonly StrategySlot[], share: number, seed: number): StrategySlot[] {
  const plain = slots.flatMap((slot, position) => (slot.strategy === "plain" ? [position] : []));
  const chosen = selectShare(plain.length, share, ["confusable"], seed ^ 0x2c1b3c6d);
  const result = slots.map((slot) => ({ ...slot }));
  for (const position of chosen.keys()) result[plain[position]!]!.strategy = "confusable";
  return result;
}

/** Words of a label's name: split at `_`, `-`, `/`, spaces and case changes; CJK one character each. */
function nameWords(label: string): Set<string> {
  const words = label
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_\-/.:]+/u)
    .flatMap((word) => (/\p{Script=Han}/u.test(word) ? [...word] : [word]))
    .filter((word) => word !== "");
  return new Set(words);
}

/**
 * Each label's partner for hard cases: the label the judge voted for most often on its records
 * (`confusions`, most first), else, where the judge has not confused it with any, the label whose
 * name shares the largest share of words with it (Jaccard; `card_arrival` and
 * `card_delivery_estimate`, 病情诊断 and 病因分析), when any word is shared. Labels with neither
 * have no partner.
 */
export function confusablePartners(
  labels: readonly string[],
  confusions: readonly { label: string; votedFor: string; votes: number }[],
): Map<string, string> {
  const partners = new Map<string, string>();
  for (const confusion of confusions) {
    if (
      !partners.has(confusion.label) &&
      labels.includes(confusion.votedFor) &&
      confusion.label !== confusion.votedFor
    )
      partners.set(confusion.label, confusion.votedFor);
  }
  const words = new Map(labels.map((label) => [label, nameWords(label)]));
  for (const label of labels) {
    if (partners.has(label)) continue;
    const mine = words.get(label)!;
    let best: { label: string; score: number } | undefined;
    for (const other of labels) {
      if (other === label) continue;
      const theirs = words.get(other)!;
      const shared = [...mine].filter((word) => theirs.has(word)).length;
      if (shared === 0) continue;
      const score = shared / (mine.size + theirs.size - shared);
      if (best === undefined || score > best.score) best = { label: other, score };
    }
    if (best) partners.set(label, best.label);
  }
  return partners;
}

/** The instruction that makes a record of `label` a hard case against `partner`, in the recipe's language. */
export function confusableInstruction(
  label: string,
  partner: { label: string; description: string },
  language: string,
): string {
  const meaning =
    partner.description === ""
      ? ""
      : language.startsWith("zh")
        ? `（${partner.description}）`
        : ` (${partner.description})`;
  return language.startsWith("zh")
    ? `把它写成一个容易混淆的例子：话题和用词接近“${partner.label}”${meaning}，但它仍然必须明确属于“${label}”：写出使它属于“${label}”而不是“${partner.label}”的那个细节。`
    : `Make it a hard case: close in topic and wording to "${partner.label}"${meaning}, yet still clearly "${label}": include the detail that makes it "${label}" and not "${partner.label}".`;
}
