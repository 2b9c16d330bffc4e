// Null handling, math, JSON, regex, time and collection scalar functions, each with the
// result types ksqlDB gives them (ROUND(DOUBLE) is BIGINT, ABS keeps its argument type...).
import { RecordError } from '../../errors.js';
import { T, typesEqual, widerNumeric, type SqlType } from '../../types/sql-types.js';
import { roundDecimal, type Value } from '../../types/values.js';
import { formatMillis, parseMillis } from './java-time-format.js';
import { fixed, is, nullSafe, type ScalarFunction } from './registry.js';

const firstType = (a: SqlType[]): SqlType => a.find((t) => t.kind !== 'NULL') ?? T.NULL;
const allSame = (t: SqlType | undefined): boolean => !!t;

function sameTypes(args: SqlType[]): boolean {
  const real = args.filter((t) => t.kind !== 'NULL');
  return real.every((t) => typesEqual(t, real[0]!));
}

const coalesce: ScalarFunction = {
  name: 'COALESCE',
  description: 'the first non-null argument',
  resolve(args) {
    if (args.length === 0 || !sameTypes(args)) return undefined;
    return { type: firstType(args), call: (v) => v.find((x) => x !== null) ?? null };
  },
};

const ifnull: ScalarFunction = {
  name: 'IFNULL',
  description: 'the first argument, or the second when it is null',
  resolve(args) {
    if (args.length !== 2 || !sameTypes(args)) return undefined;
    return { type: firstType(args), call: (v) => v[0] ?? v[1] ?? null };
  },
};

const nullif: ScalarFunction = {
  name: 'NULLIF',
  description: 'null when both arguments are equal, else the first',
  resolve(args) {
    if (args.length !== 2) return undefined;
    return {
      type: args[0]!,
      call: (v) => (v[0] !== null && v[1] !== null && String(v[0]) === String(v[1]) ? null : (v[0] ?? null)),
    };
  },
};

function roundType(a: SqlType[]): SqlType {
  const t = a[0]!;
  if (t.kind === 'DOUBLE') return T.BIGINT;
  if (t.kind === 'DECIMAL') return T.decimal(t.precision - t.scale + 1, 0);
  return t;
}

/** Java Math.round / BigDecimal HALF_UP: halves go away from zero for decimals, up for doubles. */
function round(v: Value[], types: SqlType[]): Value {
  const n = v[0] as number | null;
  if (n === null) return null;
  if (v.length > 1) {
    const places = v[1] as number | null;
    if (places === null) return null;
    const f = 10 ** places;
    return types[0]!.kind === 'DECIMAL' ? roundDecimal(n, places) : Math.round(n * f) / f;
  }
  return types[0]!.kind === 'DECIMAL' ? roundDecimal(n, 0) : Math.round(n);
}

const num = is.num;
const dbl = (): SqlType => T.DOUBLE;

function floorCeil(name: string, f: (n: number) => number): ScalarFunction {
  return fixed(name, `${name.toLowerCase()} of a number`, [
    {
      args: [num],
      type: (a) => (a[0]!.kind === 'DECIMAL' ? T.decimal((a[0] as { precision: number }).precision, 0) : a[0]!),
      call: nullSafe(1, (v) => f(v[0] as number)),
    },
  ]);
}

/** Parses the first JSON value of the text and ignores what follows (as Jackson does). */
function parseLeading(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    let depth = 0;
    let inStr = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) {
        try {
          return JSON.parse(text.substring(0, i + 1));
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  }
}

/** `$.a.b[0]` paths as EXTRACTJSONFIELD reads them; strings come back bare, others as JSON. */
export function extractJsonField(json: string, path: string): string | null {
  const doc = parseLeading(json);
  if (doc === undefined) return null;
  const steps = path.replace(/^\$/, '').match(/\.([^.[\]]+)|\[\s*(-?\d+)\s*\]|\[\s*['"]([^'"]+)['"]\s*\]/g) ?? [];
  let cur: unknown = doc;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') return null;
    const idx = /^\[\s*(-?\d+)\s*\]$/.exec(s);
    if (idx && Number(idx[1]) < 0) return null;
    const key = idx ? Number(idx[1]) : s.startsWith('.') ? s.substring(1) : s.replace(/^\[\s*['"]|['"]\s*\]$/g, '');
    cur = (cur as Record<string | number, unknown>)[key];
    if (cur === undefined) return null;
  }
  if (cur === null || cur === undefined) return null;
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

function regexOf(p: string): RegExp {
  try {
    return new RegExp(p);
  } catch (err) {
    throw new RecordError(`Invalid regular expression pattern: ${p}`, { cause: err });
  }
}

/** Java's split never returns the groups of the pattern; JavaScript's does unless they are non-capturing. */
function nonCapturing(p: string): RegExp {
  return regexOf(p.replace(/(^|[^\\])\((?!\?)/g, '$1(?:'));
}

function regexpExtract(v: Value[]): Value {
  const [p, s, g] = v as [string | null, string | null, number | null | undefined];
  if (p === null || s === null || g === null) return null;
  const m = regexOf(p).exec(s);
  return m ? (m[g ?? 0] ?? null) : null;
}

function regexpExtractAll(v: Value[]): Value {
  const [p, s, g] = v as [string | null, string | null, number | null | undefined];
  if (p === null || s === null || g === null) return null;
  return [...s.matchAll(new RegExp(regexOf(p).source, 'g'))].map((m) => m[g ?? 0] ?? null);
}

function timeFns(): ScalarFunction[] {
  const tz = (v: Value[]): string => (v[2] as string | undefined) ?? 'UTC';
  return [
    fixed('TIMESTAMPTOSTRING', 'formats epoch milliseconds', [
      {
        args: [is.integral, is.str],
        rest: is.str,
        type: () => T.STRING,
        call: nullSafe(3, (v) => formatMillis(v[0] as number, v[1] as string, tz(v))),
      },
    ]),
    fixed('STRINGTOTIMESTAMP', 'parses text into epoch milliseconds', [
      {
        args: [is.str, is.str],
        rest: is.str,
        type: () => T.BIGINT,
        call: nullSafe(3, (v) => parseMillis(v[0] as string, v[1] as string, tz(v))),
      },
    ]),
    fixed('FORMAT_TIMESTAMP', 'formats a TIMESTAMP', [
      {
        args: [(t) => t?.kind === 'TIMESTAMP' || t?.kind === 'NULL', is.str],
        rest: is.str,
        type: () => T.STRING,
        call: nullSafe(3, (v) => formatMillis(v[0] as number, v[1] as string, tz(v))),
      },
    ]),
    fixed('PARSE_TIMESTAMP', 'parses text into a TIMESTAMP', [
      {
        args: [is.str, is.str],
        rest: is.str,
        type: () => T.TIMESTAMP,
        call: nullSafe(3, (v) => parseMillis(v[0] as string, v[1] as string, tz(v))),
      },
    ]),
    fixed('FORMAT_DATE', 'formats a DATE', [
      {
        args: [(t) => t?.kind === 'DATE' || t?.kind === 'NULL', is.str],
        type: () => T.STRING,
        call: nullSafe(2, (v) => formatMillis((v[0] as number) * 86_400_000, v[1] as string)),
      },
    ]),
    fixed('PARSE_DATE', 'parses text into a DATE', [
      {
        args: [is.str, is.str],
        type: () => T.DATE,
        call: nullSafe(2, (v) => Math.floor(parseMillis(v[0] as string, v[1] as string) / 86_400_000)),
      },
    ]),
    fixed('UNIX_TIMESTAMP', 'epoch milliseconds of a TIMESTAMP, or now', [
      { args: [], type: () => T.BIGINT, call: () => Date.now() },
      {
        args: [(t) => t?.kind === 'TIMESTAMP' || t?.kind === 'NULL'],
        type: () => T.BIGINT,
        call: nullSafe(1, (v) => v[0]!),
      },
    ]),
  ];
}

export const OTHER_FUNCTIONS: ScalarFunction[] = [
  coalesce,
  ifnull,
  nullif,
  fixed('AS_VALUE', 'copies a key column into the value', [
    { args: [allSame], type: (a) => a[0]!, call: (v) => v[0] ?? null },
  ]),
  fixed('ABS', 'absolute value', [
    { args: [num], type: (a) => a[0]!, call: nullSafe(1, (v) => Math.abs(v[0] as number)) },
  ]),
  fixed('ROUND', 'rounds half up', [
    { args: [num], type: roundType, call: round },
    { args: [num, is.int], type: (a) => a[0]!, call: round },
  ]),
  floorCeil('FLOOR', Math.floor),
  floorCeil('CEIL', Math.ceil),
  fixed('SQRT', 'square root', [{ args: [num], type: dbl, call: nullSafe(1, (v) => Math.sqrt(v[0] as number)) }]),
  fixed('EXP', 'e to the power', [{ args: [num], type: dbl, call: nullSafe(1, (v) => Math.exp(v[0] as number)) }]),
  fixed('LN', 'natural logarithm', [{ args: [num], type: dbl, call: nullSafe(1, (v) => Math.log(v[0] as number)) }]),
  fixed('SIGN', 'sign of a number', [
    { args: [num], type: () => T.INTEGER, call: nullSafe(1, (v) => Math.sign(v[0] as number)) },
  ]),
  fixed('GREATEST', 'largest argument', [
    { args: [num], rest: num, type: (a) => a.reduce(widerNumeric), call: (v) => maxOf(v, 1) },
  ]),
  fixed('LEAST', 'smallest argument', [
    { args: [num], rest: num, type: (a) => a.reduce(widerNumeric), call: (v) => maxOf(v, -1) },
  ]),
  fixed('EXTRACTJSONFIELD', 'a field of a JSON string by JSONPath', [
    {
      args: [is.str, is.str],
      type: () => T.STRING,
      call: nullSafe(2, (v) => extractJsonField(v[0] as string, v[1] as string)),
    },
  ]),
  fixed('REGEXP_EXTRACT', 'the first match of a pattern (or a group of it)', [
    { args: [is.str, is.str], rest: is.int, type: () => T.STRING, call: regexpExtract },
  ]),
  fixed('REGEXP_EXTRACT_ALL', 'every match of a pattern (or a group of it)', [
    { args: [is.str, is.str], rest: is.int, type: () => T.array(T.STRING), call: regexpExtractAll },
  ]),
  fixed('REGEXP_REPLACE', 'replaces every match of a pattern', [
    {
      args: [is.str, is.str, is.str],
      type: () => T.STRING,
      call: nullSafe(3, (v) =>
        (v[0] as string).replace(new RegExp(regexOf(v[1] as string).source, 'g'), v[2] as string),
      ),
    },
  ]),
  fixed('REGEXP_SPLIT_TO_ARRAY', 'splits on a pattern', [
    {
      args: [is.str, is.str],
      type: () => T.array(T.STRING),
      call: nullSafe(2, (v) => (v[0] as string).split(nonCapturing(v[1] as string))),
    },
  ]),
  fixed('ARRAY_LENGTH', 'number of elements', [
    {
      args: [(t) => t?.kind === 'ARRAY' || t?.kind === 'NULL'],
      type: () => T.INTEGER,
      call: nullSafe(1, (v) => (v[0] as Value[]).length),
    },
  ]),
  fixed('TO_BYTES', 'encodes a string (hex, utf8, ascii, base64)', [
    {
      args: [is.str, is.str],
      type: () => T.BYTES,
      call: nullSafe(2, (v) => Buffer.from(v[0] as string, encodingOf(v[1] as string))),
    },
  ]),
  fixed('FROM_BYTES', 'decodes bytes to a string (hex, utf8, ascii, base64)', [
    {
      args: [is.bytes, is.str],
      type: () => T.STRING,
      call: nullSafe(2, (v) => (v[0] as Buffer).toString(encodingOf(v[1] as string))),
    },
  ]),
  ...timeFns(),
];

function encodingOf(name: string): BufferEncoding {
  const e = name.toLowerCase();
  if (e === 'hex' || e === 'utf8' || e === 'ascii' || e === 'base64') return e;
  throw new RecordError(`Supported encoding types are: hex, utf8, ascii and base64; got ${name}`);
}

function maxOf(v: Value[], sign: number): Value {
  let best: number | null = null;
  for (const x of v) if (x !== null && (best === null || ((x as number) - best) * sign > 0)) best = x as number;
  return best;
}
