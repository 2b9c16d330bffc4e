// Reads remote functions from engine properties `ksql.functions.<name>.url|model|kind|timeout.ms|token|
// breaker.failures|breaker.cooldown.ms|pool.size`: the same keys and defaults as the Java UDF
// (udf-bridge/java UdfSettings). A function exists only when its `.url` is set; every problem is collected.
import { ConfigError } from '../../../core/errors/ziem-error.js';

export interface RemoteFunctionSettings {
  /** Upper case, as SQL resolves it: ANOMALY_SCORE. */
  name: string;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8501. */
  url: string;
  model: string;
  /** score: `:predict`, one DOUBLE; classify: `:classify`, the top class and its probability */
  kind: RemoteKind;
  timeoutMs: number;
  /** Bearer token; '' for none. Never printed: see describeSettings(). */
  token: string;
  breakerFailures: number;
  breakerCooldownMs: number;
  poolSize: number;
}

const PREFIX = 'ksql.functions.';
const NUMBERS = {
  'timeout.ms': { field: 'timeoutMs', fallback: 200, min: 1, max: 600_000 },
  'breaker.failures': { field: 'breakerFailures', fallback: 5, min: 1, max: 1_000_000 },
  'breaker.cooldown.ms': { field: 'breakerCooldownMs', fallback: 10_000, min: 0, max: 86_400_000 },
  'pool.size': { field: 'poolSize', fallback: 4, min: 1, max: 256 },
} as const;
const KEYS = ['url', 'model', 'kind', 'token', ...Object.keys(NUMBERS)];

export type RemoteKind = 'score' | 'classify';
const KINDS: readonly RemoteKind[] = ['score', 'classify'];
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Property keys whose values are secrets (kept out of SHOW PROPERTIES and logs). */
export const isSecretFunctionProperty = (key: string): boolean => key.startsWith(PREFIX) && key.endsWith('.token');

/** Splits `ksql.functions.<name>.<key>` for the keys remote functions know; undefined otherwise. */
function split(prop: string): { name: string; key: string } | undefined {
  if (!prop.startsWith(PREFIX)) return undefined;
  const rest = prop.slice(PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return undefined;
  return { name: rest.slice(0, dot), key: rest.slice(dot + 1) };
}

function checkUrl(prop: string, raw: string, problems: string[]): string {
  const url = raw.trim().replace(/\/+$/, '');
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '')
    problems.push(`${prop}: expected an http(s) URL like http://127.0.0.1:8501, got "${raw}"`);
  else if (u.username !== '' || u.password !== '')
    problems.push(`${prop}: credentials do not belong in the URL; set ${prop.replace(/url$/, 'token')} instead`);
  else if (u.search !== '' || u.hash !== '')
    problems.push(`${prop}: expected a base URL without query or fragment, got "${raw}"`);
  return url;
}

function number(
  prop: string,
  raw: string | undefined,
  spec: { fallback: number; min: number; max: number },
  problems: string[],
): number {
  if (raw === undefined) return spec.fallback;
  const t = raw.trim();
  const n = Number(t);
  if (!/^-?\d+$/.test(t)) problems.push(`${prop}: expected a whole number, got "${raw}"`);
  else if (n < spec.min || n > spec.max)
    problems.push(`${prop}: expected a value from ${spec.min} to ${spec.max}, got ${t}`);
  return n;
}

function one(name: string, props: Readonly<Record<string, string>>, problems: string[]): RemoteFunctionSettings {
  const key = (k: string): string => `${PREFIX}${name}.${k}`;
  if (!NAME.test(name)) problems.push(`${key('url')}: "${name}" is not a function name (letters, digits and '_')`);
  const model = (props[key('model')] ?? 'anomaly').trim();
  if (!MODEL.test(model))
    problems.push(`${key('model')}: expected a model name (letters, digits, '.', '_', '-'), got "${model}"`);
  const kind = (props[key('kind')] ?? 'score').trim().toLowerCase() as RemoteKind;
  if (!KINDS.includes(kind))
    problems.push(`${key('kind')}: expected ${KINDS.join(' or ')}, got "${props[key('kind')]}"`);
  const s: RemoteFunctionSettings = {
    name: name.toUpperCase(),
    url: checkUrl(key('url'), props[key('url')]!, problems),
    model,
    kind,
    token: (props[key('token')] ?? '').trim(),
    timeoutMs: 0,
    breakerFailures: 0,
    breakerCooldownMs: 0,
    poolSize: 0,
  };
  for (const [k, spec] of Object.entries(NUMBERS)) s[spec.field] = number(key(k), props[key(k)], spec, problems);
  return s;
}

/** The remote functions configured in `props`; throws a ConfigError naming every bad key. */
export function remoteFunctionSettings(props: Readonly<Record<string, string>>): RemoteFunctionSettings[] {
  const problems: string[] = [];
  const byName = new Map<string, string[]>();
  for (const prop of Object.keys(props)) {
    const p = split(prop);
    if (p) byName.set(p.name, [...(byName.get(p.name) ?? []), p.key]);
  }
  const out: RemoteFunctionSettings[] = [];
  for (const [name, keys] of byName) {
    // keys of functions without a url belong to built-ins (ksql.functions.substring.legacy.args)
    if (!keys.includes('url')) continue;
    for (const k of keys)
      if (!KEYS.includes(k))
        problems.push(`${PREFIX}${name}.${k}: unknown remote function property; known: ${KEYS.join(', ')}`);
    out.push(one(name, props, problems));
  }
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.name))
      problems.push(
        `${PREFIX}${s.name.toLowerCase()}.url: function ${s.name} is configured more than once (names ignore case)`,
      );
    seen.add(s.name);
  }
  if (problems.length > 0)
    throw new ConfigError(problems, {
      hint: 'fix the ksql.functions.* properties (e.g. --property ksql.functions.anomaly_score.url=http://127.0.0.1:8501)',
    });
  return out;
}

/** The TF Serving endpoint of a function: `:predict` for a score, `:classify` for a class. */
export const endpointUrl = (s: RemoteFunctionSettings): string =>
  `${s.url}/v1/models/${encodeURIComponent(s.model)}:${s.kind === 'classify' ? 'classify' : 'predict'}`;

/** One line for logs: never the token itself. */
export function describeSettings(s: RemoteFunctionSettings): string {
  return `${s.name}: ${endpointUrl(s)} timeout.ms=${s.timeoutMs} token=${s.token === '' ? '(none)' : '********'} breaker.failures=${s.breakerFailures} breaker.cooldown.ms=${s.breakerCooldownMs} pool.size=${s.poolSize}`;
}
