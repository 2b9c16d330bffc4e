// The REST server's limits, each a setting (`ziem ksql serve` reads them from ziem.yaml, see
// cli/config/fields.ts) with a default in ksqlDB's spirit: generous for real clients, small enough
// that one request cannot exhaust the server. Requests over a limit get a 4xx in ksqlDB's error shape.

export interface ServerLimits {
  /** Largest request body on /ksql, /query, /query-stream, /close-query (413 above it). */
  maxRequestBytes: number;
  /** Most statements in one /ksql request (ksqlDB's CLI sends one at a time). */
  maxStatements: number;
  /** Most characters `${var}` substitution (DEFINE, sessionVariables) may add to one request. */
  maxVariableExpansionBytes: number;
  /** Deepest expression nesting: parentheses, operands, call arguments, chained ORs. */
  maxExpressionDepth: number;
  /** Longest line (target or row) on /inserts-stream. */
  maxInsertLineBytes: number;
  /** Bytes of a push query's rows waiting for its client; past it the query is ended. */
  maxPushBufferBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxRequestBytes: 16 * 1024 * 1024,
  maxStatements: 1_000,
  maxVariableExpansionBytes: 1024 * 1024,
  maxExpressionDepth: 256,
  maxInsertLineBytes: 1024 * 1024,
  maxPushBufferBytes: 4 * 1024 * 1024,
};

export function resolveLimits(given: Partial<ServerLimits> | undefined): ServerLimits {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) };
}
