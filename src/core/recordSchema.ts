import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";

// ajv-formats is CommonJS; under node16 resolution its default export arrives wrapped.
const addFormats = ajvFormats.default.default;

const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats(ajv);
const cache = new Map<string, ValidateFunction>();

/** A compiled validator for one record schema: returns undefined when valid, else the first problem in words. */
export type RecordValidator = (value: unknown) => string | undefined;

/**
 * Compiles the recipe's output schema (draft 2020-12). Throws when the schema itself is invalid
 * or does not describe an object, since constrained decoding needs an object with properties.
 */
export function compileRecordSchema(schema: Record<string, unknown>): RecordValidator {
  if (schema.type !== "object" || typeof schema.properties !== "object" || schema.properties === null) {
    throw new Error("the schema must have `type: object` and `properties`");
  }
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(key, validate);
  }
  const compiled = validate;
  return (value) => {
    if (compiled(value)) return undefined;
    const error = compiled.errors?.[0];
    if (!error) return "does not match the output schema";
    const where = error.instancePath ? `field ${error.instancePath.slice(1).replaceAll("/", ".")}` : "record";
    return `${where} ${error.message ?? "is invalid"}`;
  };
}
