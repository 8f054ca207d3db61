import type { EntityFieldInfo } from "../../core/entities/entityField.js";
import { type EntitySpan, findMentions } from "../../core/entities/entitySpans.js";
import type { QualityDecision } from "../../core/record.js";
import type { ChatMessage, LanguageModel, TokenUsage } from "../../providers/LanguageModel.js";
import { createSpendTally } from "../judge/spendTally.js";
import { isCjkLanguage } from "../text/isCjkLanguage.js";

/** Settings of {@link createEntityJudge}. */
export interface EntityJudgeOptions {
  model: LanguageModel;
  /** Language tag of the data: the judge's questions are asked in Chinese for Chinese data. */
  language: string;
  /** The recipe's description of the data. */
  description: string;
  /** The schema's entity field; its `types` must be known (an enum). */
  info: EntityFieldInfo & { types: string[] };
  /** Annotations per entity, how many must agree, and their temperature (the recipe's `judge`). */
  votes: number;
  minimumAgreement: number;
  temperature: number;
  /** Also ask for entities the record missed [true]. */
  askMissing?: boolean;
}

/** The `entity-type-vote` decision's details: each entity's votes. */
export interface EntityVoteDetails {
  entities: { text: string; type: string; votes: string[]; agreeing: number }[];
  required: number;
}

/** What the entity judge concluded about one record. */
export interface EntityJudgeVerdict {
  decisions: QualityDecision[];
  /** `entity-type-vote` (an entity's type not confirmed) or `entity-missed`. */
  rejectReason: "entity-type-vote" | "entity-missed" | undefined;
  usage: TokenUsage;
  calls: number;
}

/** The answer for "not an entity of these types". */
export const noEntity = "none";

const maxSuggestions = 5;

/**
 * The judge of an entity record. Each distinct entity is annotated `votes` times from the text
 * and the mention alone (its listed type never shown): the model picks one of the types or
 * "none", from one evaluation of the prompt where the model exposes its distribution
 * (`LanguageModel.choose`), else by calls constrained to the choices. An entity whose type fewer
 * than `minimumAgreement` annotations give rejects the record (`entity-type-vote`). Then the
 * judge is shown the list and asked for entities it misses; a suggestion counts only when it
 * occurs in the text as a whole span, overlaps no listed mention, and is itself confirmed as an
 * entity by the same vote (not "none"), which rejects the record (`entity-missed`).
 */
export function createEntityJudge(options: EntityJudgeOptions) {
  const { model, info } = options;
  const chinese = isCjkLanguage(options.language);
  const choices = [...info.types, noEntity];
  const typesLine = info.typeDescription ?? info.types.join(", ");
  const system: ChatMessage = {
    role: "system",
    content: chinese
      ? `你是命名实体标注专家。数据集：${options.description}`
      : `You are an expert named-entity annotator. The dataset: ${options.description}`,
  };

  const typeQuestion = (text: string, mention: string, json: boolean): ChatMessage[] => [
    system,
    {
      role: "user",
      content: chinese
        ? `实体类型：${typesLine}\n\n文本：${text}\n\n在这段文本中，“${mention}”是哪一类实体？从 ${choices.join("、")} 中选一个回答（${noEntity} 表示不是这些类型的实体）。${json ? '用 JSON {"type": ...} 回答。' : "只回答一个词。"}`
        : `Entity types: ${typesLine}\n\nText: ${text}\n\nIn this text, what kind of entity is "${mention}"? Answer with one of ${choices.join(", ")} (${noEntity}: not an entity of these types).${json ? ' Answer with JSON {"type": ...}.' : " Answer with one word."}`,
    },
  ];

  const missingQuestion = (
    text: string,
    listed: readonly { text: string; type: string }[],
  ): ChatMessage[] => [
    system,
    {
      role: "user",
      content: chinese
        ? `实体类型：${typesLine}\n\n文本：${text}\n\n已标注的实体：${JSON.stringify(listed)}\n\n文本中还有哪些这些类型的实体没有被标注？逐字照抄原文片段；没有遗漏时返回空列表。用 JSON {"missing": [{"text": ..., "type": ...}]} 回答。`
        : `Entity types: ${typesLine}\n\nText: ${text}\n\nEntities annotated so far: ${JSON.stringify(listed)}\n\nWhich entities of these types in the text are missing from that list? Copy each exactly as it appears in the text; return an empty list when none is missing. Answer with JSON {"missing": [{"text": ..., "type": ...}]}.`,
    },
  ];

  const missingSchema = {
    type: "object",
    properties: {
      missing: {
        type: "array",
        maxItems: maxSuggestions,
        items: {
          type: "object",
          properties: {
            text: { type: "string", minLength: 1, maxLength: 60 },
            type: { type: "string", enum: info.types },
          },
          required: ["text", "type"],
          additionalProperties: false,
        },
      },
    },
    required: ["missing"],
    additionalProperties: false,
  };

  return {
    async verify(input: {
      text: string;
      /** The record's distinct entities and their located mentions (`checkEntities`). */
      entities: readonly { text: string; type: string }[];
      spans: readonly EntitySpan[];
      seed: number;
      signal?: AbortSignal;
    }): Promise<EntityJudgeVerdict> {
      const spend = createSpendTally();
      const { usage, count } = spend;
      const seeds = Array.from({ length: options.votes }, (_, vote) => input.seed + vote * 7919);
      const annotate = async (mention: string, salt: number): Promise<string[]> => {
        const drawn = seeds.map((seed) => seed + salt);
        if (model.choose) {
          const chosen = await model.choose({
            messages: typeQuestion(input.text, mention, false),
            choices,
            temperature: options.temperature,
            seeds: drawn,
            ...(input.signal ? { signal: input.signal } : {}),
          });
          count(chosen.usage, 1);
          return chosen.picks;
        }
        const picks: string[] = [];
        for (const seed of drawn) {
          const result = await model.generate({
            messages: typeQuestion(input.text, mention, true),
            schema: {
              type: "object",
              properties: { type: { type: "string", enum: choices } },
              required: ["type"],
              additionalProperties: false,
            },
            sampling: {
              temperature: options.temperature,
              topP: 0.95,
              topK: 40,
              maxTokens: 16,
              seed: seed >>> 0,
            },
            ...(input.signal ? { signal: input.signal } : {}),
          });
          count(result.usage, result.cached ? 0 : 1);
          picks.push(String((result.json as { type?: unknown } | undefined)?.type ?? ""));
        }
        return picks;
      };

      const details: EntityVoteDetails = { entities: [], required: options.minimumAgreement };
      for (const [index, entity] of input.entities.entries()) {
        const votes = await annotate(entity.text, index * 131);
        const agreeing = votes.filter((vote) => vote === entity.type).length;
        details.entities.push({ ...entity, votes, agreeing });
      }
      const unconfirmed = details.entities.filter((entity) => entity.agreeing < options.minimumAgreement);
      if (unconfirmed.length > 0) {
        const first = unconfirmed[0]!;
        return {
          decisions: [
            {
              check: "entity-type-vote",
              decision: "reject",
              reason: `entity-type-vote: ${first.agreeing} of ${first.votes.length} annotations say "${first.text}" is ${first.type} (${first.votes.join(", ")})${unconfirmed.length > 1 ? `, and ${unconfirmed.length - 1} more unconfirmed` : ""}`,
              details,
            },
          ],
          rejectReason: "entity-type-vote",
          usage,
          calls: spend.calls,
        };
      }
      const decisions: QualityDecision[] = [{ check: "entity-type-vote", decision: "pass", details }];
      if (options.askMissing === false)
        return { decisions, rejectReason: undefined, usage, calls: spend.calls };

      const result = await model.generate({
        messages: missingQuestion(input.text, input.entities),
        schema: missingSchema,
        sampling: { temperature: 0, topP: 1, topK: 1, maxTokens: 160, seed: (input.seed + 104_729) >>> 0 },
        ...(input.signal ? { signal: input.signal } : {}),
      });
      count(result.usage, result.cached ? 0 : 1);
      const suggested = (result.json as { missing?: unknown } | undefined)?.missing;
      const listedTexts = new Set(input.entities.map((entity) => entity.text));
      const candidates: { text: string; type: string; start: number; end: number }[] = [];
      for (const item of Array.isArray(suggested) ? suggested.slice(0, maxSuggestions) : []) {
        const value = item as { text?: unknown; type?: unknown };
        if (typeof value.text !== "string" || typeof value.type !== "string") continue;
        const text = value.text.trim();
        if (text === "" || listedTexts.has(text) || candidates.some((candidate) => candidate.text === text))
          continue;
        const free = findMentions(input.text, text, info.wordEdges ?? true).find(
          (mention) => !input.spans.some((span) => mention.start < span.end && span.start < mention.end),
        );
        if (free) candidates.push({ text, type: value.type, ...free });
      }
      const missed: { text: string; type: string; votes: string[] }[] = [];
      const checked: { text: string; type: string; votes: string[] }[] = [];
      for (const [index, candidate] of candidates.entries()) {
        const votes = await annotate(candidate.text, 7 + index * 131);
        const entityVotes = votes.filter((vote) => vote !== noEntity).length;
        const row = { text: candidate.text, type: candidate.type, votes };
        checked.push(row);
        if (entityVotes >= options.minimumAgreement) missed.push(row);
      }
      if (missed.length > 0) {
        decisions.push({
          check: "entity-missed",
          decision: "reject",
          reason: `entity-missed: the text also names ${missed.map((entity) => `"${entity.text}" (${entity.type})`).join(", ")}, not in the list`,
          details: { suggested: checked },
        });
        return { decisions, rejectReason: "entity-missed", usage, calls: spend.calls };
      }
      decisions.push({ check: "entity-missed", decision: "pass", details: { suggested: checked } });
      return { decisions, rejectReason: undefined, usage, calls: spend.calls };
    },
  };
}

export type EntityJudge = ReturnType<typeof createEntityJudge>;
