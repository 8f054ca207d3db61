import { labelGuideOf } from "../../core/labels/labelGuide.js";
import { dimensionValues } from "../../core/plan/createPlan.js";
import type { Recipe } from "../../core/recipe/recipeSchema.js";
import type { ChatMessage } from "../../providers/LanguageModel.js";
import type { PromptBuilder, SlotPrompt } from "../createPromptBuilder.js";
import { applyNegative } from "./applyNegative.js";
import { evolveInstructionMessages } from "./evolveInstructionMessages.js";
import type { InstructionPool } from "./InstructionPool.js";
import { negativeInstruction } from "./negativeInstruction.js";
import { pickFewShot } from "./pickFewShot.js";
import { confusableInstruction } from "./planConfusable.js";
import { evolutionKindOf } from "./planEvolution.js";
import type { StrategySlot } from "./planNegatives.js";
import { selfInstructMessages } from "./selfInstructMessages.js";

/** What changes from round to round (set by the round planner). */
export interface PromptState {
  /** Added to every slot's phrasing index; moves on after a low-diversity round. */
  phrasingOffset: number;
  /**
   * Each label's partner for hard cases (`strategies.confusable`): the label the judge confuses
   * with it so far, set before each round (`confusablePartners`). Unset: no hard cases yet.
   */
  confusablePartners?: ReadonlyMap<string, string>;
}

/** Inputs of createStrategyPromptBuilder. */
export interface StrategyPromptOptions {
  recipe: Pick<Recipe, "language" | "output" | "dimensions" | "plan" | "strategies" | "labels">;
  /** The template's own prompt builder (phrasing rotation, few-shot rotation). */
  plain: PromptBuilder;
  /** The strategy of each plan slot by index (from assignStrategies); missing means plain. */
  strategies: ReadonlyMap<number, StrategySlot>;
  /** Instructions for self-instruct and evolution; required when either is configured. */
  pool: InstructionPool | undefined;
  state: PromptState;
}

/**
 * The prompt of each slot under the recipe's strategies:
 * - `negative:near-miss` / `negative:contradiction`: the template prompt plus the negative's
 *   instruction; `negative:label-flip`: the template prompt, and the stored label is flipped;
 * - `confusable` (hard cases): the template prompt plus the instruction to write it close to
 *   the label's partner yet clearly its own label, marked `confusable:<partner>`; the plain
 *   prompt (marked `plain`) while its label has no partner;
 * - `evolution:<kind>`: an instruction from the pool (accepted ones first), evolved by kind;
 *   the template prompt while the pool is empty;
 * - other slots with `strategies.selfInstruct`: a self-instruct prompt showing pool
 *   instructions, rotated per slot and attempt;
 * - otherwise the template prompt.
 * Self-instruct and evolved outputs must pass the pool's novelty filter.
 */
export function createStrategyPromptBuilder(options: StrategyPromptOptions): PromptBuilder {
  const { recipe, plain, strategies, pool, state } = options;
  const labelField = recipe.output.labelField ?? "label";
  const labelSpec = recipe.dimensions[labelField];
  const labelValues = labelSpec === undefined ? [] : dimensionValues(labelSpec).map((entry) => entry.value);
  const meanings = new Map(
    (labelGuideOf(recipe) ?? []).map((meaning) => [meaning.label, meaning.description]),
  );
  const schemaLine = `\n\nReply with one JSON object that follows this JSON Schema: ${JSON.stringify(recipe.output.schema)}`;
  const selfInstruct = recipe.strategies.selfInstruct;
  const review = pool ? (data: Record<string, unknown>) => pool.review(data) : undefined;

  const withSchema = (messages: ChatMessage[]): ChatMessage[] =>
    messages.map((message, index) =>
      index === messages.length - 1 ? { ...message, content: `${message.content}${schemaLine}` } : message,
    );

  return (slot, attempt) => {
    const marked = strategies.get(slot.index);
    const strategy = marked?.strategy ?? "plain";
    const base = { phrasingOffset: state.phrasingOffset };
    if (marked?.negative) {
      const negative = marked.negative;
      const extraInstruction = negativeInstruction(negative, recipe.language);
      const prompt = plain(slot, attempt, {
        ...base,
        ...(extraInstruction === undefined ? {} : { extraInstruction }),
      });
      return {
        ...prompt,
        strategy,
        ...(negative.kind === "label-flip"
          ? {
              finish: (data: Record<string, unknown>) =>
                applyNegative(data, negative, labelField, labelValues),
            }
          : {}),
      };
    }
    if (strategy === "confusable") {
      const label = slot.cell[labelField];
      const partner = label === undefined ? undefined : state.confusablePartners?.get(label);
      if (label === undefined || partner === undefined)
        return { ...plain(slot, attempt, base), strategy: "plain" };
      const extraInstruction = confusableInstruction(
        label,
        { label: partner, description: meanings.get(partner) ?? "" },
        recipe.language,
      );
      return { ...plain(slot, attempt, { ...base, extraInstruction }), strategy: `confusable:${partner}` };
    }
    const kind = evolutionKindOf({ strategy });
    if (kind !== undefined && pool) {
      const accepted = pool.accepted;
      const from = accepted.length > 0 ? accepted : pool.instructions;
      if (from.length > 0) {
        const instruction = from[(slot.index + attempt) % from.length]!;
        const prompt: SlotPrompt = {
          messages: withSchema(evolveInstructionMessages(instruction, kind, recipe.language)),
          template: { id: `strategy/evolution-${kind}`, version: "1.0.0" },
          fewShot: [],
          strategy,
        };
        if (review) prompt.review = review;
        return prompt;
      }
    }
    if (selfInstruct && pool && pool.instructions.length > 0) {
      const shown = pickFewShot(
        pool.instructions,
        slot.index + attempt * 7919,
        selfInstruct.examplesPerPrompt,
        recipe.plan.seed,
      );
      const domain = slot.cell.domain ?? slot.cell.topic;
      const prompt: SlotPrompt = {
        messages: withSchema(
          selfInstructMessages(shown.examples, {
            language: recipe.language,
            ...(domain === undefined ? {} : { domain }),
          }),
        ),
        template: { id: "strategy/self-instruct", version: "1.0.0" },
        fewShot: shown.indices.map((index) => `instruction:${index}`),
        strategy: "self-instruct",
      };
      if (review) prompt.review = review;
      return prompt;
    }
    const prompt = plain(slot, attempt, base);
    if (selfInstruct && review) return { ...prompt, strategy: "self-instruct", review };
    // An evolution slot with nothing to evolve yet gets the template prompt, and says so.
    return { ...prompt, strategy: kind === undefined ? strategy : "plain" };
  };
}
