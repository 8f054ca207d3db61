import { isCjkLanguage } from "../text/isCjkLanguage.js";

/** Where an extraction record keeps its text and its entities, read from the output schema. */
export interface EntityFieldInfo {
  /** The field holding the text the entities are spans of. */
  textField: string;
  /** The field holding the list of `{text, type}` entities. */
  entitiesField: string;
  /** The entity types the schema allows (`type`'s enum), when it names them. */
  types: string[] | undefined;
  /** What the schema says the types mean (`type`'s description), shown to the judge. */
  typeDescription: string | undefined;
  /**
   * True when the text is in a language written with spaces between words (English): a mention
   * must not cut a word there. False for Chinese and Japanese [true].
   */
  wordEdges?: boolean;
}

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The entity list of an output schema: the first array property whose items are objects with
 * a string `text` and a `type`, beside a string text field. Undefined for any other schema, so
 * the entity checks run only on records that have entities.
 */
export function findEntityField(
  schema: Schema,
  textField: string,
  language?: string,
): EntityFieldInfo | undefined {
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  if (!properties || !isObject(properties[textField])) return undefined;
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property) || property.type !== "array" || !isObject(property.items)) continue;
    const itemProperties = property.items.properties;
    if (!isObject(itemProperties) || !isObject(itemProperties.text) || !isObject(itemProperties.type))
      continue;
    const typeSchema = itemProperties.type;
    const values = Array.isArray(typeSchema.enum) ? typeSchema.enum.map(String) : undefined;
    return {
      textField,
      entitiesField: name,
      types: values,
      typeDescription: typeof typeSchema.description === "string" ? typeSchema.description : undefined,
      wordEdges: language === undefined ? true : !isCjkLanguage(language),
    };
  }
  return undefined;
}
