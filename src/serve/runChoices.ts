import type { ModelIdentity } from "../providers/LanguageModel.js";
import type { StreamEnd, StreamingModel, StreamPiece, StreamRequest } from "../providers/StreamingModel.js";

/** The model `synthforge serve` answers with: it decodes token by token and names itself. */
export interface ServedModel extends StreamingModel {
  readonly identity: ModelIdentity;
}

/**
 * Decodes `n` choices of one request together (choice i with seed + i, so each differs and
 * each is reproducible), handing every piece to `onPiece` with its choice index. The first
 * failure stops the other choices and is thrown; an aborted `signal` stops them all.
 */
export async function runChoices(
  model: StreamingModel,
  request: Omit<StreamRequest, "signal">,
  n: number,
  signal: AbortSignal,
  onPiece: (index: number, piece: StreamPiece) => void,
): Promise<StreamEnd[]> {
  const controller = new AbortController();
  const stopAll = () => controller.abort();
  signal.addEventListener("abort", stopAll, { once: true });
  if (signal.aborted) controller.abort();
  try {
    return await Promise.all(
      Array.from({ length: n }, (_, index) =>
        model
          .stream({ ...request, seed: request.seed + index, signal: controller.signal }, (piece) =>
            onPiece(index, piece),
          )
          .catch((error: unknown) => {
            controller.abort();
            throw error;
          }),
      ),
    );
  } finally {
    signal.removeEventListener("abort", stopAll);
  }
}
