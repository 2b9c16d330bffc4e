// ksqlDB's error codes as data (ksqldb-notes.md §1.4): what each means and whether a client may
// retry. Only 429 and the 503xx codes are retriable; everything else is final.

export interface KsqlErrorCodeInfo {
  meaning: string;
  retriable: boolean;
  hint?: string;
}

export const KSQL_ERROR_CODES: Readonly<Record<number, KsqlErrorCodeInfo>> = {
  40000: { meaning: 'bad request', retriable: false },
  40001: { meaning: 'bad statement', retriable: false },
  40002: {
    meaning: 'query endpoint required',
    retriable: false,
    hint: 'SELECT and PRINT go to /query-stream, not /ksql',
  },
  40003: { meaning: 'push query limit reached', retriable: false },
  40100: { meaning: 'unauthorized', retriable: false, hint: 'check ksql.user and ZIEM_KSQL_PASSWORD' },
  40300: { meaning: 'forbidden', retriable: false, hint: 'the ksqlDB user lacks permission for this statement' },
  40301: {
    meaning: 'Kafka topic access denied',
    retriable: false,
    hint: 'grant the ksqlDB service principal access to the topic',
  },
  40400: { meaning: 'not found', retriable: false },
  41700: { meaning: 'assertion failed', retriable: false },
  42801: { meaning: 'Schema Registry not configured', retriable: false },
  42900: { meaning: 'rate limited', retriable: true },
  50000: { meaning: 'server error', retriable: false },
  50301: { meaning: 'command sequence number wait timed out', retriable: true },
  50302: { meaning: 'server initializing', retriable: true },
  50303: { meaning: 'server shutting down', retriable: true },
  50304: { meaning: 'server shut down', retriable: true },
};

export function errorCodeInfo(code: number, httpStatus: number): KsqlErrorCodeInfo {
  const known = KSQL_ERROR_CODES[code];
  if (known) return known;
  // Unknown sub-codes keep the rule of their HTTP status (code = status × 100 + sub-code).
  return { meaning: `HTTP ${httpStatus}`, retriable: httpStatus === 429 || httpStatus === 503 };
}
