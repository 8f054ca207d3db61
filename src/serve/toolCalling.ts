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

/** Where a tool call stands in an answer decoded so far. */
export type ToolCallScan =
  /** The answer is text: it cannot become a call. */
  | { kind: "text" }
  /** It may still become a call: hold it back. */
  | { kind: "pending" }
  /**
   * It is a call to `name`, whose arguments start at `argumentsFrom` and (once whole) end
   * before `argumentsTo`.
   */
  | { kind: "call"; name: string; argumentsFrom: number; argumentsTo?: number };

/**
 * `{"name": "<tool>", "arguments": ` as the call's grammar writes it (the name first, whitespace
 * aside), once the arguments' first character is decoded: whitespace before it is not theirs.
 */
const callHead = /^\s*\{\s*"name"\s*:\s*("(?:[^"\\]|\\.)*")\s*,\s*"arguments"\s*:\s*(?=\S)/;

/**
 * Reads an answer decoded so far for a tool call: the whole answer when a call was forced, the
 * JSON after the trigger otherwise. The call is known once its name and the start of its
 * arguments are, so a stream can announce it and then send the arguments as they decode.
 */
export function scanToolCall(answer: string, mode: ToolMode): ToolCallScan {
  if (mode.kind === "none") return { kind: "text" };
  let at = answer.length - answer.trimStart().length;
  if (mode.kind === "auto") {
    const lead = answer.slice(at);
    if (!lead.startsWith(toolCallTrigger))
      return toolCallTrigger.startsWith(lead) ? { kind: "pending" } : { kind: "text" };
    at += toolCallTrigger.length;
  }
  const head = callHead.exec(answer.slice(at));
  if (!head) return { kind: "pending" };
  let name: unknown;
  try {
    name = JSON.parse(head[1]!);
  } catch {
    return { kind: "pending" };
  }
  if (typeof name !== "string") return { kind: "pending" };
  const argumentsFrom = at + head[0].length;
  const argumentsTo = endOfJsonValue(answer, argumentsFrom);
  return { kind: "call", name, argumentsFrom, ...(argumentsTo === undefined ? {} : { argumentsTo }) };
}

/** Where the JSON object or array starting at `from` ends (after its closing bracket); undefined while it is open. */
function endOfJsonValue(text: string, from: number): number | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth <= 0) return index + 1;
    }
  }
  return undefined;
}

/**
 * The tool call in an answer, its arguments as the model wrote them (as far as they were
 * decoded), and whether it is whole: the arguments parse as a JSON object and nothing but the
 * call's closing follows. Undefined when the answer is text, or stopped before the call's
 * name and the start of its arguments.
 */
export function toolCallOf(
  answer: string,
  mode: ToolMode,
  id: string,
): { call: ToolCall; whole: boolean } | undefined {
  const scan = scanToolCall(answer, mode);
  if (scan.kind !== "call") return undefined;
  const args = answer.slice(scan.argumentsFrom, scan.argumentsTo ?? answer.length);
  const call: ToolCall = { id, type: "function", function: { name: scan.name, arguments: args } };
  if (scan.argumentsTo === undefined) return { call, whole: false };
  let rest = answer.slice(scan.argumentsTo).trim();
  if (mode.kind === "auto") rest = rest.replace(/<\/tool_call>$/, "").trimEnd();
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return { call, whole: false };
  }
  const object = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  return { call, whole: object && rest === "}" };
}
