import type { ChatMessage } from "../providers/LanguageModel.js";
import type {
  ChatCompletionMessage,
  ChatCompletionRequest,
  ChatCompletionTool,
} from "./chatCompletionRequestSchema.js";

/** What the model writes before a tool call when it may also answer in text (`tool_choice: auto`). */
export const toolCallTrigger = "<tool_call>";

/** Arguments of a tool that declares no parameters: any JSON object. */
const anyArguments = { type: "object", properties: {}, additionalProperties: true };

/** One tool call as OpenAI returns it. */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** How a request lets the model call tools: not at all, maybe (after the trigger), or always. */
export type ToolMode =
  | { kind: "none" }
  | { kind: "auto"; schema: Record<string, unknown> }
  | { kind: "forced"; schema: Record<string, unknown> };

/**
 * The JSON Schema of one call, `{"name": ..., "arguments": ...}`, with the arguments
 * constrained to the tool's own parameters schema; one of several tools' calls.
 */
export function toolCallSchema(tools: readonly ChatCompletionTool[]): Record<string, unknown> {
  const calls = tools.map((tool) => ({
    type: "object",
    properties: { name: { const: tool.function.name }, arguments: tool.function.parameters ?? anyArguments },
    required: ["name", "arguments"],
    additionalProperties: false,
  }));
  return calls.length === 1 ? calls[0]! : { oneOf: calls };
}

/** The tools a request offers and whether the model must call one; undefined names a tool that is not offered. */
export function toolModeOf(request: ChatCompletionRequest): ToolMode | { unknownTool: string } {
  const tools = request.tools ?? [];
  const choice = request.tool_choice ?? (tools.length > 0 ? "auto" : "none");
  if (tools.length === 0 || choice === "none") return { kind: "none" };
  if (choice === "auto") return { kind: "auto", schema: toolCallSchema(tools) };
  if (choice === "required") return { kind: "forced", schema: toolCallSchema(tools) };
  const named = tools.filter((tool) => tool.function.name === choice.function.name);
  if (named.length === 0) return { unknownTool: choice.function.name };
  return { kind: "forced", schema: toolCallSchema(named) };
}

const textOf = (content: ChatCompletionMessage["content"]): string =>
  content === null || content === undefined
    ? ""
    : typeof content === "string"
      ? content
      : content.map((part) => part.text).join("");

/**
 * The request's messages as chat turns the model's template knows (system, user, assistant):
 * a developer message is a system one, the tools are described in the system turn, earlier
 * calls are written as the model would write them and tool results come back as user turns.
 */
export function toChatMessages(request: ChatCompletionRequest, mode: ToolMode): ChatMessage[] {
  const messages: ChatMessage[] = request.messages.map((message) => {
    if (message.role === "tool") {
      return { role: "user", content: `<tool_response>\n${textOf(message.content)}\n</tool_response>` };
    }
    if (message.role === "assistant") {
      const calls = (message.tool_calls ?? []).map(
        (call) =>
          `${toolCallTrigger}{"name": ${JSON.stringify(call.function.name)}, "arguments": ${call.function.arguments}}</tool_call>`,
      );
      return { role: "assistant", content: [textOf(message.content), ...calls].filter(Boolean).join("\n") };
    }
    return { role: message.role === "developer" ? "system" : message.role, content: textOf(message.content) };
  });
  if (mode.kind === "none") return messages;
  const tools = (request.tools ?? []).map((tool) => JSON.stringify(tool.function)).join("\n");
  const how =
    mode.kind === "forced"
      ? 'Answer with one tool call as JSON: {"name": <tool name>, "arguments": <its arguments>}.'
      : `To call a tool, answer with ${toolCallTrigger}{"name": <tool name>, "arguments": <its arguments>}</tool_call> and nothing else; otherwise answer in text.`;
  const described = `You can call these tools:\n<tools>\n${tools}\n</tools>\n${how}`;
  const first = messages[0];
  if (first?.role === "system")
    return [{ role: "system", content: `${first.content}\n\n${described}` }, ...messages.slice(1)];
  return [{ role: "system", content: described }, ...messages];
}

/**
 * The tool call in an answer: the whole answer when a call was forced, the JSON after the
 * trigger otherwise. Undefined when the answer is text (or a call cut off before it was whole).
 */
export function parseToolCall(answer: string, mode: ToolMode, id: string): ToolCall | undefined {
  if (mode.kind === "none") return undefined;
  let json = answer.trim();
  if (mode.kind === "auto") {
    if (!json.startsWith(toolCallTrigger)) return undefined;
    json = json.slice(toolCallTrigger.length).replace(/<\/tool_call>\s*$/, "");
  }
  let call: unknown;
  try {
    call = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof call !== "object" || call === null) return undefined;
  const { name, arguments: args } = call as { name?: unknown; arguments?: unknown };
  if (typeof name !== "string" || typeof args !== "object" || args === null) return undefined;
  return { id, type: "function", function: { name, arguments: JSON.stringify(args) } };
}

/** Whether text streamed so far may still become a tool call (so it must not be sent as content yet). */
export function mayBecomeToolCall(answer: string, mode: ToolMode): boolean {
  if (mode.kind === "forced") return true;
  if (mode.kind === "none") return false;
  const lead = answer.trimStart();
  return lead.startsWith(toolCallTrigger) || toolCallTrigger.startsWith(lead);
}
