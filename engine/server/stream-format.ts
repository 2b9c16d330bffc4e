// The three reply formats of query endpoints, picked by Accept (ksqldb-notes §1.5): delimited
// (header line, one array per row), application/json (one array), and the old /query format
// (`header`, `row`, `finalMessage` objects in one array separated by ",\n").
import type { QueryColumns } from './transient-query.js';

export interface StreamFormat {
  contentType: string;
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
  header: (c) => JSON.stringify({ queryId: c.queryId, columnNames: c.columnNames, columnTypes: c.columnTypes }) + '\n',
  row: (values) => JSON.stringify(values) + '\n',
  error: (body) => JSON.stringify(body) + '\n',
  end: () => '',
};

const jsonArray: StreamFormat = {
  contentType: 'application/json',
  header: (c) => '[' + JSON.stringify({ queryId: c.queryId, columnNames: c.columnNames, columnTypes: c.columnTypes }),
  row: (values) => ',' + JSON.stringify(values),
  error: (body) => ',' + JSON.stringify(body),
  end: () => ']',
};

const schemaText = (c: QueryColumns): string =>
  c.columnNames.map((n, i) => `\`${n}\` ${c.columnTypes[i] ?? ''}`).join(', ');

const oldQuery: StreamFormat = {
  contentType: 'application/json',
  header: (c) => '[' + JSON.stringify({ header: { queryId: c.queryId, schema: schemaText(c) } }),
  // only this format shows table tombstones
  row: (values, tombstone) =>
    ',\n' + JSON.stringify({ row: { columns: values, ...(tombstone ? { tombstone: true } : {}) } }),
  error: (body) => ',\n' + JSON.stringify({ errorMessage: body }),
  end: (reason) => (reason ? ',\n' + JSON.stringify({ finalMessage: reason }) : '') + ']',
};

/** /query-stream: delimited unless the client asks for JSON or the old format. /query: always old. */
export function pickFormat(accept: string | undefined, endpoint: '/query' | '/query-stream'): StreamFormat {
  if (endpoint === '/query') return oldQuery;
  const a = (accept ?? '').toLowerCase();
  if (a.includes(DELIMITED)) return delimited;
  if (a.includes(KSQL_V1)) return oldQuery;
  if (a.includes('application/json')) return jsonArray;
  return delimited;
}
