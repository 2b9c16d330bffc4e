// Regular-expression functions with Java's behaviour where JavaScript differs (split never
// returns the pattern's groups); a bad pattern fails the record, not the query.
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { sig, strict, type Impl } from './signature.js';

const compiled = new Map<string, RegExp>();

function regexOf(p: string, flags = ''): RegExp {
  const key = `${flags}/${p}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  try {
    const r = new RegExp(p, flags);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, r);
    return r;
  } catch (err) {
    throw new RecordError(`Invalid regular expression pattern: ${p}`, { cause: err });
  }
}

/** Java's split never returns the groups of the pattern; JavaScript's does unless they are non-capturing. */
function nonCapturing(p: string): RegExp {
  return regexOf(p.replace(/(^|[^\\])\((?!\?)/g, '$1(?:'));
}

const extract: Impl = (v) => {
  const [p, s, g] = v as [string | null, string | null, number | null | undefined];
  if (p === null || s === null || g === null) return null;
  const m = regexOf(p).exec(s);
  return m ? (m[g ?? 0] ?? null) : null;
};

const extractAll: Impl = (v) => {
  const [p, s, g] = v as [string | null, string | null, number | null | undefined];
  if (p === null || s === null || g === null) return null;
  return [...s.matchAll(regexOf(p, 'g'))].map((m) => m[g ?? 0] ?? null);
};

/** Java's replaceAll: `$1` refers to a group (`$0` the whole match), `${name}` to a named one,
 *  `\\$` is a literal dollar. */
function replaceAll(s: string, p: string, replacement: string): string {
  const js = replacement.replace(/\\(.)|\$\{([A-Za-z]\w*)\}|\$0(?!\d)/g, (m, esc?: string, name?: string) => {
    if (esc !== undefined) return esc === '$' ? '$$' : esc;
    return name !== undefined ? `$<${name}>` : '$&';
  });
  return s.replace(regexOf(p, 'g'), js);
}

function splitToArray(s: string, p: string): Value {
  if (p === '') return s === '' ? [''] : [...s];
  return s.split(nonCapturing(p));
}

export const REGEX_FUNCTIONS: FunctionDef[] = [
  defineFunction('regexp_extract', 'REGULAR EXPRESSION', 'The first match of a pattern, or a capturing group of it.', [
    sig(['STRING pattern', 'STRING input'], 'STRING', extract),
    sig(['STRING pattern', 'STRING input', 'INT group'], 'STRING', extract),
  ]),
  defineFunction(
    'regexp_extract_all',
    'REGULAR EXPRESSION',
    'Every match of a pattern, or a capturing group of each.',
    [
      sig(['STRING pattern', 'STRING input'], 'ARRAY<STRING>', extractAll),
      sig(['STRING pattern', 'STRING input', 'INT group'], 'ARRAY<STRING>', extractAll),
    ],
  ),
  defineFunction('regexp_replace', 'REGULAR EXPRESSION', 'Replaces every match of a pattern.', [
    sig(
      ['STRING input', 'STRING regex', 'STRING replacement'],
      'STRING',
      strict((v) => replaceAll(v[0] as string, v[1] as string, v[2] as string)),
    ),
  ]),
  defineFunction('regexp_split_to_array', 'REGULAR EXPRESSION', 'Splits a string on a pattern.', [
    sig(
      ['STRING string', 'STRING regexp'],
      'ARRAY<STRING>',
      strict((v) => splitToArray(v[0] as string, v[1] as string)),
    ),
  ]),
];
