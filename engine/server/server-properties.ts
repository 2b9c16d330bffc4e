// SHOW PROPERTIES: the server's effective properties, as ksqlDB lists them (PropertiesList): the
// settings this server runs with under ksqlDB's names, the engine properties it was started with,
// and the request's overrides on top. Values of secret-looking properties are masked, as ksqlDB's
// getAllConfigPropsWithSecretsObfuscated does, so no password or token leaves through the API.
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits.js';

export interface ServerSettings {
  serviceId: string;
  sequenceWaitMs: number;
  keepAliveMs: number;
  connectUrl: string | undefined;
  limits: ServerLimits;
}

export const HIDDEN = '[hidden]';

const SECRET = /(password|passwd|secret|token|credential|jaas\.config|api\.key|private\.key|\.key\.password)/i;

/** ksqlDB's name for each setting this server has, with its value. */
export function serverDefaults(s: ServerSettings): Record<string, string> {
  const out: Record<string, string> = {
    'ksql.service.id': s.serviceId,
    'ksql.streams.auto.offset.reset': 'latest',
    'ksql.server.command.response.timeout.ms': String(s.sequenceWaitMs),
    'query.stream.disconnect.check': String(s.keepAliveMs),
    'ksql.server.request.max.bytes': String(s.limits.maxRequestBytes),
    'ksql.server.request.max.statements': String(s.limits.maxStatements),
    'ksql.variable.expansion.max.bytes': String(s.limits.maxVariableExpansionBytes),
    'ksql.expression.max.depth': String(s.limits.maxExpressionDepth),
    'ksql.server.inserts.line.max.bytes': String(s.limits.maxInsertLineBytes),
    'ksql.query.push.buffer.max.bytes': String(s.limits.maxPushBufferBytes),
  };
  if (s.connectUrl !== undefined) out['ksql.connect.url'] = s.connectUrl;
  return out;
}

/** What a server started with no settings runs with: a property at this value is a default. */
const BUILT_IN = serverDefaults({
  serviceId: 'default_',
  sequenceWaitMs: 5000,
  keepAliveMs: 1000,
  connectUrl: undefined,
  limits: DEFAULT_LIMITS,
});

/** A secret-named property's value, or a password inside a URL (`http://user:pw@host`), masked. */
export const maskValue = (name: string, value: string): string =>
  SECRET.test(name) ? HIDDEN : value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^/@\s]*@/i, `$1:${HIDDEN}@`);

/** The properties entity's lists, as ksqlDB's ListPropertiesExecutor builds them: every effective
 *  property (request overrides win over the engine's, which win over the server's settings), all
 *  in scope KSQL; the ones the request changed; the ones at their built-in default. */
export function effectiveProperties(
  server: Record<string, string>,
  engineProps: Record<string, string>,
  overrides: Record<string, string>,
): {
  properties: Array<{ name: string; scope: string; value: string }>;
  overwrittenProperties: string[];
  defaultProperties: string[];
} {
  // the engine reads the short spelling of the offset reset; list it under ksqlDB's name
  const norm = (m: Record<string, string>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(m).map(([k, v]) => [k === 'auto.offset.reset' ? 'ksql.streams.auto.offset.reset' : k, v]),
    );
  const engine = norm(engineProps);
  const request = norm(overrides);
  const running = { ...server, ...engine };
  const merged = { ...running, ...request };
  const names = Object.keys(merged).sort();
  return {
    properties: names.map((name) => ({ name, scope: 'KSQL', value: maskValue(name, merged[name]!) })),
    overwrittenProperties: names.filter((k) => k in request && running[k] !== request[k]),
    defaultProperties: names.filter((k) => BUILT_IN[k] !== undefined && BUILT_IN[k] === merged[k]),
  };
}
