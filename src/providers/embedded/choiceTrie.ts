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

/** One trie node to evaluate: the tokens after the prompt that lead to it, and its branches' tokens. */
export interface TrieRequest {
  path: readonly TokenId[];
  candidates: readonly TokenId[];
}

/**
 * Probability of each candidate token after the prompt followed by each request's `path`
 * (true probabilities over the whole vocabulary; the scorer renormalises over the trie's
 * branches), for up to `width` requests at once: one model evaluation for all of them.
 */
export type NextTokenProbabilities = (requests: readonly TrieRequest[]) => Promise<Map<TokenId, number>[]>;

/** A {@link NextTokenProbabilities} that answers the requests of a batch one after another. */
export function oneAtATime(
  next: (path: readonly TokenId[], candidates: readonly TokenId[]) => Promise<Map<TokenId, number>>,
): NextTokenProbabilities {
  return async (requests) => {
    const answers: Map<TokenId, number>[] = [];
    for (const request of requests) answers.push(await next(request.path, request.candidates));
    return answers;
  };
}

export interface TrieScoringOptions {
  /**
   * A branching node whose path holds less than this share of the probability is not
   * evaluated: its mass is spread evenly over the choices below it [0.02].
   */
  minMass?: number;
  /**
   * At most this many model evaluations per call (the first, of the prompt, included) [6].
   * Each evaluates a token or two for each of up to `width` nodes.
   */
  maxEvaluations?: number;
  /**
   * Nodes evaluated together in one model evaluation [1]: the `width` branching nodes holding
   * the most probability, each on its own copy of the prompt's state. A model reads its weights
   * once per evaluation, so a batch of a few nodes costs about what one does.
   */
  width?: number;
}

export interface TrieScore {
  /** Probability of each choice, summing to 1. */
  probabilities: number[];
  /** Model evaluations spent (the prompt's, then one per batch of nodes). */
  evaluations: number;
  /** Branching nodes expanded (the root included). */
  expanded: number;
  /** Share of the model's first-token probability that fell on the choices' first tokens. */
  covered: number;
}

interface FrontierEntry {
  node: ChoiceTrieNode;
  path: TokenId[];
  mass: number;
}

/**
 * Scores the trie best first: each evaluation expands the `width` branching nodes holding the
 * most probability, until every node left holds less than `minMass` or `maxEvaluations` are
 * spent. A run of tokens shared by the choices left, or a choice's tail after it has parted
 * from the others, costs nothing. At a node where one choice ends and others go on, stopping
 * takes the probability the model gives to none of the continuing tokens.
 */
export async function scoreChoiceTrie(
  root: ChoiceTrieNode,
  choiceCount: number,
  next: NextTokenProbabilities,
  options: TrieScoringOptions = {},
): Promise<TrieScore> {
  const minMass = options.minMass ?? 0.02;
  const maxEvaluations = Math.max(1, options.maxEvaluations ?? 6);
  const width = Math.max(1, options.width ?? 1);
  const probabilities = Array.from({ length: choiceCount }, () => 0);
  const spread = (indexes: readonly number[], mass: number) => {
    for (const index of indexes) probabilities[index]! += mass / indexes.length;
  };
  let evaluations = 0;
  let expanded = 0;
  let covered = 1;
  let frontier: FrontierEntry[] = [{ node: root, path: [], mass: 1 }];
  while (frontier.length > 0) {
    // Walk every entry down to its next branching node; what needs no model is settled here.
    const branching: FrontierEntry[] = [];
    const walking = frontier;
    frontier = [];
    while (walking.length > 0) {
      const entry = walking.pop()!;
      const { node, path, mass } = entry;
      if (node.children.size === 0) {
        spread(node.ends, mass);
        continue;
      }
      if (node.children.size + (node.ends.length > 0 ? 1 : 0) === 1) {
        const [token, child] = node.children.entries().next().value!;
        walking.push({ node: child, path: [...path, token], mass });
        continue;
      }
      branching.push(entry);
    }
    branching.sort((a, b) => b.mass - a.mass);
    const batch: FrontierEntry[] = [];
    for (const entry of branching) {
      if (evaluations >= maxEvaluations || (evaluations > 0 && entry.mass < minMass)) {
        spread(entry.node.below, entry.mass);
      } else if (batch.length < width) {
        batch.push(entry);
      } else {
        frontier.push(entry);
      }
    }
    if (batch.length === 0) break;
    const answers = await next(
      batch.map(({ node, path }) => ({ path, candidates: [...node.children.keys()] })),
    );
    evaluations += 1;
    expanded += batch.length;
    for (const [position, { node, path, mass }] of batch.entries()) {
      const tokens = [...node.children.keys()];
      const given = answers[position] ?? new Map<TokenId, number>();
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
        if (share > 0)
          frontier.push({ node: node.children.get(token)!, path: [...path, token], mass: share });
      }
      if (stopping > 0) spread(node.ends, (mass * stopping) / total);
    }
  }
  const sum = probabilities.reduce((total, value) => total + value, 0);
  return {
    probabilities:
      sum > 0 ? probabilities.map((value) => value / sum) : probabilities.map(() => 1 / choiceCount),
    evaluations,
    expanded,
    covered,
  };
}
