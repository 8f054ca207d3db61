import type { EntityFieldInfo } from "../../core/entities/entityField.js";
import { type EntityProblem, type EntitySpan, resolveEntitySpans } from "../../core/entities/entitySpans.js";
import type { QualityDecision } from "../../core/record.js";

/** What the span checks concluded about one record. */
export interface EntityCheckOutcome {
  /** One `entity-spans` decision: its details hold the spans with their offsets (or what was wrong). */
  decisions: QualityDecision[];
  /** The reason code: `span-not-in-text`, `entity-type-unknown`, `entity-overlap` or `entity-malformed`. */
  rejectReason: EntityProblem | undefined;
  /** Every mention, in text order (empty when rejected). */
  spans: EntitySpan[];
  /** The distinct `{text, type}` pairs the record lists, trimmed, in listed order. */
  entities: { text: string; type: string }[];
}

/**
 * The span checks of an entity record, with no model (see `resolveEntitySpans`): each entity
 * occurs verbatim in the text, has one of the schema's types, and no two mentions overlap with
 * different types. The spans, with character offsets, are stored as the decision's details.
 */
export function checkEntities(record: Record<string, unknown>, info: EntityFieldInfo): EntityCheckOutcome {
  const text = record[info.textField];
  const listed = record[info.entitiesField];
  if (typeof text !== "string" || !Array.isArray(listed)) {
    return {
      decisions: [
        {
          check: "entity-spans",
          decision: "reject",
          reason: `entity-malformed: expected a string "${info.textField}" and a list "${info.entitiesField}"`,
        },
      ],
      rejectReason: "entity-malformed",
      spans: [],
      entities: [],
    };
  }
  const resolved = resolveEntitySpans(text, listed, info.types, info.entitiesField, info.wordEdges ?? true);
  if (!resolved.ok) {
    return {
      decisions: [
        {
          check: "entity-spans",
          decision: "reject",
          reason: `${resolved.problem}: ${resolved.message}`,
          details: resolved.details,
        },
      ],
      rejectReason: resolved.problem,
      spans: [],
      entities: resolved.entities,
    };
  }
  return {
    decisions: [{ check: "entity-spans", decision: "pass", details: { spans: resolved.spans } }],
    rejectReason: undefined,
    spans: resolved.spans,
    entities: resolved.entities,
  };
}
