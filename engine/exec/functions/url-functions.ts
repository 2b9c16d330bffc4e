// URL functions: parts of an RFC 3986 URI as java.net.URI reads them (decoded, null when the
// text is not a URI or lacks the part) and application/x-www-form-urlencoded parameter coding
// as java.net.URLEncoder/URLDecoder do it.
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { sig, strict } from './signature.js';

interface UriParts {
  scheme?: string;
  authority?: string;
  path: string;
  query?: string;
  fragment?: string;
}

const URI = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
/** Characters java.net.URI accepts (unreserved, reserved, and escapes). */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

function parseUri(text: string): UriParts | undefined {
  if (!URI_CHARS.test(text)) return undefined;
  const m = URI.exec(text);
  if (!m) return undefined;
  return {
    ...(m[1] !== undefined ? { scheme: m[1] } : {}),
    ...(m[2] !== undefined ? { authority: m[2] } : {}),
    path: m[3] ?? '',
    ...(m[4] !== undefined ? { query: m[4] } : {}),
    ...(m[5] !== undefined ? { fragment: m[5] } : {}),
  };
}

function decodePercent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** host and port of an authority `user@host:port`. */
function hostPort(authority: string): { host: string; port?: number } {
  const hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostAndPort);
  const host = m?.[1] ?? hostAndPort;
  const port = m?.[2] ? Number(m[2]) : undefined;
  return port === undefined ? { host } : { host, port };
}

function part(f: (u: UriParts) => Value) {
  return strict((a) => {
    const u = parseUri(a[0] as string);
    return u === undefined ? null : f(u);
  });
}

/** URLEncoder.encode(s, UTF-8): letters, digits and `.-*_` stay, space is `+`. */
export function encodeParam(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch (err) {
    throw new RecordError(`URLDecoder: Illegal hex characters in escape (%) pattern: ${s}`, { cause: err });
  }
}

function parameter(a: Value[]): Value {
  const u = parseUri(a[0] as string);
  if (u?.query === undefined) return null;
  const want = a[1] as string;
  for (const pair of u.query.split('&')) {
    const eq = pair.indexOf('=');
    const name = decodeParam(eq < 0 ? pair : pair.substring(0, eq));
    if (name === want) return eq < 0 ? null : decodeParam(pair.substring(eq + 1));
  }
  return null;
}

export const URL_FUNCTIONS: FunctionDef[] = [
  defineFunction('url_encode_param', 'URL', 'Escapes a value so that it can be used in a URL query parameter.', [
    sig(
      ['STRING input'],
      'STRING',
      strict((a) => encodeParam(a[0] as string)),
    ),
  ]),
  defineFunction('url_decode_param', 'URL', 'Unescapes a URL-parameter-encoded value.', [
    sig(
      ['STRING input'],
      'STRING',
      strict((a) => decodeParam(a[0] as string)),
    ),
  ]),
  defineFunction('url_extract_fragment', 'URL', 'The decoded fragment of a URL, or null.', [
    sig(
      ['STRING input'],
      'STRING',
      part((u) => (u.fragment === undefined ? null : decodePercent(u.fragment))),
    ),
  ]),
  defineFunction('url_extract_host', 'URL', 'The host of a URL, or null.', [
    sig(
      ['STRING input'],
      'STRING',
      part((u) => (u.authority === undefined ? null : hostPort(u.authority).host || null)),
    ),
  ]),
  defineFunction('url_extract_parameter', 'URL', 'The decoded value of a query parameter of a URL, or null.', [
    sig(['STRING input', 'STRING paramToFind'], 'STRING', strict(parameter)),
  ]),
  defineFunction('url_extract_path', 'URL', 'The decoded path of a URL (empty when it has none), or null.', [
    sig(
      ['STRING input'],
      'STRING',
      part((u) => decodePercent(u.path)),
    ),
  ]),
  defineFunction('url_extract_port', 'URL', 'The explicit port of a URL, or null.', [
    sig(
      ['STRING input'],
      'INT',
      part((u) => (u.authority === undefined ? null : (hostPort(u.authority).port ?? null))),
    ),
  ]),
  defineFunction('url_extract_protocol', 'URL', 'The scheme of a URL, or null.', [
    sig(
      ['STRING input'],
      'STRING',
      part((u) => u.scheme ?? null),
    ),
  ]),
  defineFunction('url_extract_query', 'URL', 'The decoded query string of a URL, or null.', [
    sig(
      ['STRING input'],
      'STRING',
      part((u) => (u.query === undefined ? null : decodePercent(u.query))),
    ),
  ]),
];
