// Resolves `${env:VAR}` and `${file:path:key}` placeholders in connector configs at apply time
// (the syntax of Kafka's EnvVarConfigProvider and FileConfigProvider). A value resolved into a
// secret-named field (password, secret, token, credentials, key material: what Connect types as
// PASSWORD) is returned as a secret to redact from output; nothing resolved is written to disk.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ZiemError } from '../../core/errors/ziem-error.js';

const PLACEHOLDER = /\$\{(env|file):([^}]*)\}/g;

export interface Resolved {
  config: Record<string, string>;
  /** Values that came from placeholders into secret-named fields: mask them in everything printed. */
  secrets: string[];
}

export interface ResolveContext {
  env: Readonly<Record<string, string | undefined>>;
  /** Relative file paths are taken from here (the connectors/ directory). */
  baseDir: string;
  /** Where the config came from, for error messages (connectors/neo4j-sink.json). */
  source: string;
}

/** Reads a Java properties file: `key=value` or `key: value` lines, # and ! comments. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** `path:key` of a `${file:path:key}` placeholder (the key after the last colon), or undefined. */
function fileRef(ref: string): { path: string; key: string } | undefined {
  const at = ref.lastIndexOf(':');
  return at <= 0 ? undefined : { path: ref.slice(0, at), key: ref.slice(at + 1) };
}

function lookup(kind: string, ref: string, field: string, ctx: ResolveContext): string {
  if (kind === 'env') {
    const v = ctx.env[ref];
    if (v === undefined || v === '')
      throw new ZiemError('PLACEHOLDER', `${ctx.source}: field ${field}: environment variable ${ref} is not set`, {
        hint: `export ${ref} before applying`,
      });
    return v;
  }
  const parts = fileRef(ref);
  if (!parts)
    throw new ZiemError(
      'PLACEHOLDER',
      `${ctx.source}: field ${field}: \${file:${ref}} needs the form \${file:path:key}`,
    );
  const { path, key } = parts;
  const full = isAbsolute(path) ? path : resolve(ctx.baseDir, path);
  let props: Map<string, string>;
  try {
    props = parseProperties(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new ZiemError('PLACEHOLDER', `${ctx.source}: field ${field}: cannot read ${full}`, { cause: err });
  }
  const v = props.get(key);
  if (v === undefined)
    throw new ZiemError('PLACEHOLDER', `${ctx.source}: field ${field}: key ${key} is not in ${full}`);
  return v;
}

/** Fields whose value is a credential (a user name or a URI is not: masking those hides too much). */
const SECRET_FIELD = /password|passwd|secret|token|credential|api[._-]?key|private[._-]?key|\.key$/i;

export const isSecretField = (field: string): boolean => SECRET_FIELD.test(field);

export function resolvePlaceholders(config: Readonly<Record<string, unknown>>, ctx: ResolveContext): Resolved {
  const out: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [field, value] of Object.entries(config)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new ZiemError('CONNECTOR_CONFIG', `${ctx.source}: field ${field}: expected a string, number or boolean`);
    out[field] = String(value).replace(PLACEHOLDER, (_m, kind: string, ref: string) => {
      const v = lookup(kind, ref, field, ctx);
      if (isSecretField(field)) secrets.push(v);
      return v;
    });
  }
  return { config: out, secrets };
}

/**
 * The config as Connect's worker should see it: placeholders kept (its config providers resolve
 * them), relative `${file:path:key}` paths made absolute from the connectors/ directory, since the
 * worker's FileConfigProvider reads paths from its own working directory.
 */
export function forWorker(value: string, baseDir: string): string {
  return value.replace(PLACEHOLDER, (m, kind: string, ref: string) => {
    const parts = kind === 'file' ? fileRef(ref) : undefined;
    if (!parts || isAbsolute(parts.path)) return m;
    return `\${file:${resolve(baseDir, parts.path)}:${parts.key}}`;
  });
}
