import type { ChatHistoryItem } from "node-llama-cpp";
import type { ChatMessage } from "../LanguageModel.js";

/**
 * Turns request messages into a fresh node-llama-cpp chat history that ends with an empty
 * model turn for the answer (or continues a trailing assistant message as a prefix).
 */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === "assistant"
      ? { type: "model", response: [message.content] }
      : { type: message.role, text: message.content },
  );
  if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
  return history;
}
