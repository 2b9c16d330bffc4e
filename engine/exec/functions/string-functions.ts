// String scalar functions with ksqlDB's null and index rules (1-based positions, negative
// positions count from the end, a null argument gives null unless the function says otherwise).
import { T, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { fixed, is, nullSafe, type ScalarFunction } from './registry.js';

const S = (): SqlType => T.STRING;
const I = (): SqlType => T.INTEGER;

function substringStart(len: number, pos: number): number {
  return pos < 0 ? Math.max(len + pos, 0) : Math.max(Math.min(pos - 1, len), 0);
}

function substring(args: Value[]): Value {
  const [v, p, l] = args;
  if (v === null || p === null || l === null) return null;
  const isBytes = Buffer.isBuffer(v);
  const len = isBytes ? (v as Buffer).length : (v as string).length;
  const start = substringStart(len, p as number);
  const end = l === undefined ? len : Math.max(Math.min(start + (l as number), len), start);
  return isBytes ? Buffer.from((v as Buffer).subarray(start, end)) : (v as string).substring(start, end);
}

/** Oracle-style INSTR: a negative position searches backwards from the end. */
export function instr(str: string, sub: string, pos = 1, occurrence = 1): number {
  if (pos === 0 || occurrence <= 0) return 0;
  let found = 0;
  if (pos > 0) {
    for (let i = str.indexOf(sub, pos - 1); i >= 0; i = str.indexOf(sub, i + 1))
      if (++found === occurrence) return i + 1;
    return 0;
  }
  for (let i = str.lastIndexOf(sub, str.length + pos); i >= 0; i = i === 0 ? -1 : str.lastIndexOf(sub, i - 1)) {
    if (++found === occurrence) return i + 1;
  }
  return 0;
}

function pad(left: boolean) {
  return (args: Value[]): Value => {
    const [input, len, padding] = args as [string | null, number | null, string | null];
    if (input === null || len === null || padding === null || padding === '' || len < 0) return null;
    if (len <= input.length) return input.substring(0, len);
    let fill = '';
    while (fill.length < len - input.length) fill += padding;
    fill = fill.substring(0, len - input.length);
    return left ? fill + input : input + fill;
  };
}

function initcap(s: string): string {
  return s.replace(/\S+/g, (w) => w.charAt(0).toUpperCase() + w.substring(1).toLowerCase());
}

function split(args: Value[]): Value {
  const [v, d] = args;
  if (v === null || d === null) return null;
  if (Buffer.isBuffer(v)) return splitBytes(v, d as Buffer);
  const s = v as string;
  if (d === '') return s === '' ? [''] : [...s];
  return s.split(d as string);
}

function splitBytes(v: Buffer, d: Buffer): Value {
  if (d.length === 0) return v.length === 0 ? [Buffer.alloc(0)] : [...v].map((b) => Buffer.from([b]));
  const out: Value[] = [];
  let from = 0;
  for (let i = v.indexOf(d, from); i >= 0; i = v.indexOf(d, from)) {
    out.push(Buffer.from(v.subarray(from, i)));
    from = i + d.length;
  }
  out.push(Buffer.from(v.subarray(from)));
  return out;
}

function concat(args: Value[], types: SqlType[]): Value {
  if (types.some((t) => t.kind === 'BYTES')) return Buffer.concat(args.filter((a): a is Buffer => Buffer.isBuffer(a)));
  return args.filter((a) => a !== null).join('');
}

function concatWs(args: Value[], types: SqlType[]): Value {
  const [sep, ...rest] = args;
  if (sep === null || sep === undefined) return null;
  if (types[0]?.kind === 'BYTES') {
    const parts = rest.filter((a): a is Buffer => Buffer.isBuffer(a));
    const out: Buffer[] = [];
    parts.forEach((p, i) => (i > 0 ? out.push(sep as Buffer, p) : out.push(p)));
    return Buffer.concat(out);
  }
  return rest.filter((a) => a !== null).join(sep as string);
}

const strOrBytes = (t: SqlType | undefined): boolean => is.str(t) || is.bytes(t);
const same = (a: SqlType[]): SqlType => (a.some((t) => t.kind === 'BYTES') ? T.BYTES : T.STRING);

export const STRING_FUNCTIONS: ScalarFunction[] = [
  fixed('UCASE', 'upper-cases a string', [
    { args: [is.str], type: S, call: nullSafe(1, (a) => (a[0] as string).toUpperCase()) },
  ]),
  fixed('LCASE', 'lower-cases a string', [
    { args: [is.str], type: S, call: nullSafe(1, (a) => (a[0] as string).toLowerCase()) },
  ]),
  fixed('TRIM', 'removes leading and trailing spaces', [
    { args: [is.str], type: S, call: nullSafe(1, (a) => (a[0] as string).trim()) },
  ]),
  fixed('LTRIM', 'removes leading spaces', [
    { args: [is.str], type: S, call: nullSafe(1, (a) => (a[0] as string).trimStart()) },
  ]),
  fixed('RTRIM', 'removes trailing spaces', [
    { args: [is.str], type: S, call: nullSafe(1, (a) => (a[0] as string).trimEnd()) },
  ]),
  fixed('INITCAP', 'capitalises each word', [
    { args: [is.str], type: S, call: nullSafe(1, (a) => initcap(a[0] as string)) },
  ]),
  fixed('LEN', 'length of a string or bytes', [
    { args: [strOrBytes], type: I, call: nullSafe(1, (a) => (a[0] as string | Buffer).length) },
  ]),
  fixed('CONCAT', 'concatenates strings or bytes, skipping nulls', [
    { args: [strOrBytes], rest: strOrBytes, type: same, call: concat },
  ]),
  fixed('CONCAT_WS', 'concatenates with a separator, skipping nulls', [
    { args: [strOrBytes, strOrBytes], rest: strOrBytes, type: same, call: concatWs },
  ]),
  fixed('SUBSTRING', 'part of a string or bytes (1-based position)', [
    { args: [strOrBytes, is.int], type: (a) => same([a[0]!]), call: substring },
    { args: [strOrBytes, is.int, is.int], type: (a) => same([a[0]!]), call: substring },
  ]),
  fixed('REPLACE', 'replaces every occurrence of a substring', [
    {
      args: [is.str, is.str, is.str],
      type: S,
      call: nullSafe(3, (a) => (a[0] as string).split(a[1] as string).join(a[2] as string)),
    },
  ]),
  fixed('SPLIT', 'splits a string or bytes on a delimiter', [
    { args: [strOrBytes, strOrBytes], type: (a) => T.array(same([a[0]!])), call: split },
  ]),
  fixed('INSTR', 'position of a substring (0 when absent)', [
    {
      args: [is.str, is.str],
      rest: is.int,
      type: I,
      call: (a) =>
        a[0] === null || a[1] === null
          ? 0
          : instr(a[0] as string, a[1] as string, (a[2] as number | undefined) ?? 1, (a[3] as number | undefined) ?? 1),
    },
  ]),
  fixed('LPAD', 'pads on the left to a length', [{ args: [is.str, is.int, is.str], type: S, call: pad(true) }]),
  fixed('RPAD', 'pads on the right to a length', [{ args: [is.str, is.int, is.str], type: S, call: pad(false) }]),
];
