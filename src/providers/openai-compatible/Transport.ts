/** The answer of one HTTP exchange, body read in full. */
export interface TransportResponse {
  status: number;
  /** The `Retry-After` header, when sent. */
  retryAfter: string | null;
  text: string;
}

/** Posts one JSON body and reads the whole answer; rejects on network errors and when `signal` aborts. */
export type Transport = (body: string, signal: AbortSignal) => Promise<TransportResponse>;
