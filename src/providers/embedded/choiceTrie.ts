/**
 * The choices of `LanguageModel.choose` as a trie of their tokens, and the scoring of that trie
 * from a model's next-token probabilities. A choice's probability is the product of its tokens'
 * conditional probabilities, each renormalised over the branches the trie allows at that point
 * (what decoding constrained to the choices would draw). Only nodes where choices part ways
 * need the model: a run of tokens shared by the remaining choices, or a choice's own tail after
 * it has parted from the others, costs nothing, so `card_arrival` and `card_delivery_estimate`
 * cost one evaluation after `card`, and 77 intents a handful per text, not 77.
 */

/** A token id (node-llama-cpp's `Token` is a branded number). */
export type TokenId = number;

export interface ChoiceTrieNode {
  children: Map<TokenId, ChoiceTrieNode>;
  /** Choices (indexes) whose tokens end at this node. */
  ends: number[];
  /** Choices at or below this node, each once. */
  below: number[];
}

/**
 * How each choice may be written at the start of an answer: as given and capitalised (a model
 * often capitalises the first word of its answer); both spellings count for the one choice.
 */
export function choiceSpellings(choice: string): string[] {
  const capitalized = choice.charAt(0).toUpperCase() + choice.slice(1);
  return [...new Set([choice, capitalized])];
}

/** The trie of every spelling of every choice; undefined when a choice has no tokens at all. */
export function buildChoiceTrie(
  choices: readonly string[],
  tokenize: (text: string) => readonly TokenId[],
): ChoiceTrieNode | undefined {
  const root: ChoiceTrieNode = { children: new Map(), ends: [], below: [] };
  for (const [index, choice] of choices.entries()) {
    for (const spelling of choiceSpellings(choice)) {
      const tokens = tokenize(spelling);
      if (tokens.length === 0) return undefined;
      let node = root;
      if (!node.below.includes(index)) node.below.push(index);
      for (const token of tokens) {
        let child = node.children.get(token);
        if (child === undefined) {
          child = { children: new Map(), ends: [], below: [] };
          node.children.set(token, child);
        }
        node = child;
        if (!node.below.includes(index)) node.below.push(index);
      }
      if (!node.ends.includes(index)) node.ends.push(index);
    }
  }
  return root;
}

/**
 * Probability of each candidate token after the prompt followed by `path` (true probabilities
 * over the whole vocabulary; the scorer renormalises over the trie's branches).
 */
export type NextTokenProbabilities = (
  path: readonly TokenId[],
  candidates: readonly TokenId[],
) => Promise<Map<TokenId, number>>;

export interface TrieScoringOptions {
  /**
   * A branching node whose path holds less than this share of the probability is not
   * evaluated: its mass is spread evenly over the choices below it [0.02].
   */
  minMass?: number;
  /**
   * At most this many model evaluations per call (the first, of the prompt, included) [6].
   * Each is a forward pass of a token or two; measured on 77 banking intents with the 0.5B
   * teacher, an unsure model spent up to 16 a row and made the row cost 3.6 times a 2-label
   * row's (bench/annotate/manyLabels.ts).
   */
  maxEvaluations?: number;
}

export interface TrieScore {
  /** Probability of each choice, summing to 1. */
  probabilities: number[];
  /** Model evaluations spent (one per branching node expanded). */
  evaluations: number;
  /** Share of the model's first-token probability that fell on the choices' first tokens. */
  covered: number;
}

/**
 * Scores the trie best first: the branching node holding the most probability is evaluated
 * next, until every node left holds less than `minMass` or `maxEvaluations` are spent. At a
 * node where one choice ends and others go on, stopping takes the probability the model gives
 * to none of the continuing tokens.
 */
export async function scoreChoiceTrie(
  root: ChoiceTrieNode,
  choiceCount: number,
  next: NextTokenProbabilities,
  options: TrieScoringOptions = {},
): Promise<TrieScore> {
  const minMass = options.minMass ?? 0.02;
  const maxEvaluations = Math.max(1, options.maxEvaluations ?? 6);
  const probabilities = Array.from({ length: choiceCount }, () => 0);
  const spread = (indexes: readonly number[], mass: number) => {
    for (const index of indexes) probabilities[index]! += mass / indexes.length;
  };
  let evaluations = 0;
  let covered = 1;
  const frontier: { node: ChoiceTrieNode; path: TokenId[]; mass: number }[] = [
    { node: root, path: [], mass: 1 },
  ];
  while (frontier.length > 0) {
    let best = 0;
    for (let index = 1; index < frontier.length; index += 1) {
      if (frontier[index]!.mass > frontier[best]!.mass) best = index;
    }
    const { node, path, mass } = frontier.splice(best, 1)[0]!;
    const outcomes = node.children.size + (node.ends.length > 0 ? 1 : 0);
    if (node.children.size === 0) {
      spread(node.ends, mass);
      continue;
    }
    if (outcomes === 1) {
      const [token, child] = node.children.entries().next().value!;
      frontier.push({ node: child, path: [...path, token], mass });
      continue;
    }
    if (evaluations >= maxEvaluations || (evaluations > 0 && mass < minMass)) {
      spread(node.below, mass);
      continue;
    }
    const tokens = [...node.children.keys()];
    const given = await next(path, tokens);
    evaluations += 1;
    const branch = tokens.map((token) => Math.max(0, given.get(token) ?? 0));
    const continuing = branch.reduce((sum, value) => sum + value, 0);
    if (path.length === 0) covered = Math.min(1, continuing);
    const stopping = node.ends.length > 0 ? Math.max(0, 1 - continuing) : 0;
    const total = continuing + stopping;
    if (total <= 0) {
      spread(node.below, mass);
      continue;
    }
    for (const [index, token] of tokens.entries()) {
      const share = (mass * branch[index]!) / total;
      if (share > 0) frontier.push({ node: node.children.get(token)!, path: [...path, token], mass: share });
    }
    if (stopping > 0) spread(node.ends, (mass * stopping) / total);
  }
  const sum = probabilities.reduce((total, value) => total + value, 0);
  return {
    probabilities:
      sum > 0 ? probabilities.map((value) => value / sum) : probabilities.map(() => 1 / choiceCount),
    evaluations,
    covered,
  };
}
