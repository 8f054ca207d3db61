import type { ChatMessage } from "../../providers/LanguageModel.js";
import type { ResolvedTemplate } from "./ResolvedTemplate.js";
import { renderTemplate } from "./renderTemplate.js";

/** What one plan slot contributes to its prompt. */
export interface SlotMessagesInput {
  /** Plan slot index: picks the phrasing (`(slotIndex + phrasingOffset) mod n`). */
  slotIndex: number;
  /** Control values of the slot; they fill slots of the same name. */
  cell: Record<string, string>;
  /** Few-shot records (from `pickFewShot`), rendered by the `examples` loop. */
  examples?: readonly unknown[];
  /** Every value of the label dimension, filled into `labels` as "a, b, c". */
  labelValues?: readonly string[];
  /** Recipe language tag; `language` is its English name ("Chinese"), `language_code` the tag. */
  language: string;
  /** Added to the rotation; `planNextRound` bumps it when phrasings should switch. */
  phrasingOffset?: number;
  /** Text appended to the user message (e.g. a negative sample's instruction). */
  extraInstruction?: string;
}

/** The rendered messages of one slot and which phrasing produced them. */
export interface RenderedSlotMessages {
  messages: ChatMessage[];
  /** Index into `resolved.phrasings`, for provenance and rotation statistics. */
  phrasingIndex: number;
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** Index of the phrasing slot `slotIndex` uses: deterministic, and every phrasing gets an equal share. */
export function phrasingIndex(count: number, slotIndex: number, offset = 0, rotate = true): number {
  if (!rotate || count <= 1) return 0;
  return (((slotIndex + offset) % count) + count) % count;
}

/**
 * Renders the system and user messages of one plan slot. Slot values, lowest precedence
 * first: built-in slot defaults; `language`, `language_code` and `labels`; the recipe's
 * `template.variables`; the plan cell; and `examples`, always the few-shot list.
 */
export function renderSlotMessages(
  resolved: ResolvedTemplate,
  input: SlotMessagesInput,
): RenderedSlotMessages {
  const index = phrasingIndex(
    resolved.phrasings.length,
    input.slotIndex,
    input.phrasingOffset ?? 0,
    resolved.rotate,
  );
  const variables: Record<string, unknown> = {
    ...resolved.defaults,
    language: languageName(input.language),
    language_code: input.language,
    labels: (input.labelValues ?? []).join(", "),
    ...resolved.variables,
    ...input.cell,
    examples: input.examples ?? [],
  };
  const messages: ChatMessage[] = [];
  if (resolved.system !== undefined) {
    messages.push({
      role: "system",
      content: renderTemplate(
        resolved.system,
        variables,
        resolved.fields?.system ?? ["template", "system"],
      ).trim(),
    });
  }
  let user = renderTemplate(
    resolved.phrasings[index]!,
    variables,
    resolved.fields?.phrasings[index] ?? ["template", "phrasings", index],
  ).trim();
  if (input.extraInstruction) user = `${user}\n\n${input.extraInstruction}`;
  messages.push({ role: "user", content: user });
  return { messages, phrasingIndex: index };
}

function languageName(tag: string): string {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
