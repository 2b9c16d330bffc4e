// The three reply formats of query endpoints, picked by Accept (ksqldb-notes §1.5): delimited
// (header line, one array per row), application/json (one array), and the old /query format
// (`header`, `row`, `finalMessage` objects, each followed by ",\n", in one array).
import type { QueryColumns } from './transient-query.js';
import { stringifyJson } from '../types/exact-json.js';

export interface StreamFormat {
  contentType: string;
  /** Written alone before the header ('' for none). */
  open: string;
  header(c: QueryColumns): string;
  row(values: unknown[], tombstone: boolean): string;
  error(body: Record<string, unknown>): string;
  /** Text that closes the reply; `reason` is set when the query ended by itself. */
  end(reason: string | undefined): string;
}

export const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
export const KSQL_V1 = 'application/vnd.ksql.v1+json';

const delimited: StreamFormat = {
  contentType: DELIMITED,
  open: '',
  header: (c) => JSON.stringify({ queryId: c.queryId, columnNames: c.columnNames, columnTypes: c.columnTypes }) + '\n',
  row: (values) => stringifyJson(values) + '\n',
  error: (body) => JSON.stringify(body) + '\n',
  end: () => '',
};

const jsonArray: StreamFormat = {
  contentType: 'application/json',
  open: '',
  header: (c) => '[' + JSON.stringify({ queryId: c.queryId, columnNames: c.columnNames, columnTypes: c.columnTypes }),
  row: (values) => ',' + stringifyJson(values),
  error: (body) => ',' + JSON.stringify(body),
  end: () => ']',
};

const schemaText = (c: QueryColumns): string =>
  c.columnNames.map((n, i) => `\`${n}\` ${c.columnTypes[i] ?? ''}`).join(', ');

// ksqlDB's QueryStreamWriter: `[` alone, then every object followed by `,\n` in one write, and
// `]\n` to close after a final message (LIMIT reached, pull query done); a query closed by the
// client, /close-query or TERMINATE just stops.
const oldQuery: StreamFormat = {
  contentType: 'application/json',
  open: '[',
  header: (c) => JSON.stringify({ header: { queryId: c.queryId, schema: schemaText(c) } }) + ',\n',
  // only this format shows table tombstones
  row: (values, tombstone) =>
    stringifyJson({ row: { columns: values, ...(tombstone ? { tombstone: true } : {}) } }) + ',\n',
  error: (body) => '\n' + JSON.stringify({ errorMessage: body }) + ',\n',
  end: (reason) => (reason ? JSON.stringify({ finalMessage: reason }) + ']\n' : ''),
};

/** The old format's keep-alive: a lone newline while a push query has nothing to send. */
export const KEEP_ALIVE = '\n';

/** /query-stream: delimited unless the client asks for JSON or the old format. /query: always old. */
export function pickFormat(accept: string | undefined, endpoint: '/query' | '/query-stream'): StreamFormat {
  if (endpoint === '/query') return oldQuery;
  const a = (accept ?? '').toLowerCase();
  if (a.includes(DELIMITED)) return delimited;
  if (a.includes(KSQL_V1)) return oldQuery;
  if (a.includes('application/json')) return jsonArray;
  return delimited;
}
