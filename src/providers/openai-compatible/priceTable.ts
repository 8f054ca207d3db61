/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  /** Dollars per million prompt (input) tokens. */
  inputPerMillion: number;
  /** Dollars per million completion (output) tokens. */
  outputPerMillion: number;
}

/**
 * List prices of a few well-known hosted models (USD per million tokens, standard tier, no
 * cache discounts). Prices change: a recipe's `price` overrides this table.
 */
export const builtInPrices: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "deepseek-chat": { inputPerMillion: 0.27, outputPerMillion: 1.1 },
  "deepseek-reasoner": { inputPerMillion: 0.55, outputPerMillion: 2.19 },
  "qwen-turbo": { inputPerMillion: 0.05, outputPerMillion: 0.2 },
  "qwen-plus": { inputPerMillion: 0.4, outputPerMillion: 1.2 },
  "qwen-max": { inputPerMillion: 1.6, outputPerMillion: 6.4 },
};

/** The price of `model`: the override when given, else the built-in entry, else undefined (self-hosted). */
export function priceFor(model: string, override?: ModelPrice): ModelPrice | undefined {
  return override ?? builtInPrices[model] ?? builtInPrices[model.toLowerCase()];
}

/** Cost in US dollars of the given token counts; 0 when the price is unknown. */
export function costOf(
  usage: { inputTokens: number; outputTokens: number },
  price: ModelPrice | undefined,
): number {
  if (!price) return 0;
  return (
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000
  );
}
