const thinkBlock = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const danglingOpen = /<(think|thinking|reasoning)>[\s\S]*$/i;
const leadingClose = /^[\s\S]*?<\/(think|thinking|reasoning)>/i;

/**
 * Removes reasoning blocks (`<think>…</think>` and its `<thinking>`/`<reasoning>` spellings)
 * from a model's answer. Also handles the two broken shapes reasoning models produce: an
 * answer that starts inside the block (only the closing tag is present, because the chat
 * template opened it) and a block cut off before its closing tag.
 */
export function stripReasoning(text: string): string {
  if (!text.includes("<")) return text.trim();
  let result = text.replace(thinkBlock, "");
  if (/<\/(think|thinking|reasoning)>/i.test(result)) result = result.replace(leadingClose, "");
  result = result.replace(danglingOpen, "");
  return result.trim();
}
