// Reading and checking request bodies: JSON parsing with ksqlDB's 40000 errors, and the typed
// shapes of /ksql and /query-stream requests (unknown fields ignored, as the server does).
import { badRequest } from './rest-error.js';

export interface KsqlRequest {
  ksql: string;
  streamsProperties: Record<string, string>;
  sessionVariables: Record<string, string>;
  commandSequenceNumber: number | undefined;
}

export interface QueryStreamRequest {
  sql: string;
  properties: Record<string, string>;
  sessionVariables: Record<string, string>;
}

/** How deeply arrays and objects nest in a parsed JSON value, measured without recursion. */
function jsonDepth(root: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    for (const c of Object.values(v)) if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
  }
  return max;
}

/** The body as a JSON object; nesting deeper than `maxDepth` (ksql.expression.max.depth) is refused
 *  before anything walks it recursively. */
export function parseJsonBody(text: string, maxDepth = Infinity): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw badRequest(`Invalid JSON in request: ${(err as Error).message}`);
  }
  if (jsonDepth(v) > maxDepth)
    throw badRequest(`Invalid JSON in request: nested deeper than ${maxDepth} levels (ksql.expression.max.depth)`);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badRequest('Invalid JSON in request: expected a JSON object');
  return v as Record<string, unknown>;
}

const OFFSET_KEYS = new Set(['auto.offset.reset', 'ksql.streams.auto.offset.reset']);

/** Property overrides: scalar values coerced to strings; a bad value is a 40000 naming the property. */
export function readProperties(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${field} must be a JSON object`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')
      throw badRequest(`Invalid value for property ${k} in ${field}: ${JSON.stringify(x)}`);
    const value = String(x);
    if (OFFSET_KEYS.has(k) && !['earliest', 'latest', 'none'].includes(value.toLowerCase())) {
      throw badRequest(`Invalid value ${value} for configuration ${k}: String must be one of: latest, earliest, none`);
    }
    // both spellings of the offset reset work; the engine reads the short one first
    out[OFFSET_KEYS.has(k) ? 'auto.offset.reset' : k] = value;
  }
  return out;
}

function readVariables(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest('sessionVariables must be a JSON object');
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]),
  );
}

export function readKsqlRequest(text: string, maxDepth?: number): KsqlRequest {
  const b = parseJsonBody(text, maxDepth);
  if (typeof b['ksql'] !== 'string')
    throw badRequest('Invalid request: the "ksql" field must be a string of statements');
  const seq = b['commandSequenceNumber'];
  if (seq !== undefined && seq !== null && (typeof seq !== 'number' || !Number.isInteger(seq)))
    throw badRequest('commandSequenceNumber must be an integer');
  return {
    ksql: b['ksql'],
    streamsProperties: readProperties(b['streamsProperties'], 'streamsProperties'),
    sessionVariables: readVariables(b['sessionVariables']),
    commandSequenceNumber: typeof seq === 'number' ? seq : undefined,
  };
}

/** /query-stream takes `sql` and `properties`; /query (old) takes the /ksql shape, accepted here too. */
export function readQueryRequest(
  text: string,
  maxDepth?: number,
): QueryStreamRequest & { commandSequenceNumber: number | undefined } {
  const b = parseJsonBody(text, maxDepth);
  const sql = typeof b['sql'] === 'string' ? b['sql'] : typeof b['ksql'] === 'string' ? b['ksql'] : undefined;
  if (sql === undefined) throw badRequest('Invalid request: the "sql" field must be a SELECT statement');
  const props = b['properties'] ?? b['streamsProperties'];
  const seq = b['commandSequenceNumber'];
  return {
    sql,
    properties: readProperties(props, 'properties'),
    sessionVariables: readVariables(b['sessionVariables']),
    commandSequenceNumber: typeof seq === 'number' ? seq : undefined,
  };
}
