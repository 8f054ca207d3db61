/** Who may use a `synthforge serve` server, and how much one request may send. */
export interface ServeSecurity {
  /**
   * Bearer token every `/v1` request must send (`Authorization: Bearer <key>`). Required when
   * the server listens beyond loopback; optional on loopback.
   */
  apiKey?: string;
  /**
   * Accept only requests whose `Host` names a loopback address [true when listening on
   * loopback]: a web page that rebinds its own domain name to 127.0.0.1 cannot reach the server.
   */
  loopbackHostOnly?: boolean;
  /**
   * Browser origins allowed besides loopback ones (`http://localhost:3000`...), e.g.
   * `https://app.example.com`. A request with any other `Origin` header is refused.
   */
  allowedOrigins?: readonly string[];
  /** Largest request body in bytes [4 MiB]; a larger one gets HTTP 413. */
  maxBodyBytes?: number;
}

/** The body size `synthforge serve` accepts by default: far above any prompt a local context holds. */
export const defaultMaxBodyBytes = 4 * 1024 * 1024;
