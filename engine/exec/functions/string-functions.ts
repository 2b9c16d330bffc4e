// String scalar functions with ksqlDB's null and index rules (1-based positions, negative
// positions count from the end, a null argument gives null unless the function says otherwise);
// most take BYTES as well as STRING.
import { createHash, randomUUID } from 'node:crypto';
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { nullSafe, sig, strict, type Impl } from './signature.js';

const str1 = (f: (s: string) => Value): Impl => nullSafe(1, (a) => f(a[0] as string));

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

function padString(left: boolean): Impl {
  return (args) => {
    const [input, len, padding] = args as [string | null, number | null, string | null];
    if (input === null || len === null || padding === null || padding === '' || len < 0) return null;
    if (len <= input.length) return input.substring(0, len);
    let fill = '';
    while (fill.length < len - input.length) fill += padding;
    fill = fill.substring(0, len - input.length);
    return left ? fill + input : input + fill;
  };
}

function padBytes(left: boolean): Impl {
  return (args) => {
    const [input, len, padding] = args as [Buffer | null, number | null, Buffer | null];
    if (input === null || len === null || padding === null || padding.length === 0 || len < 0) return null;
    if (len <= input.length) return Buffer.from(input.subarray(0, len));
    const fill = Buffer.alloc(len - input.length);
    for (let i = 0; i < fill.length; i++) fill[i] = padding[i % padding.length]!;
    return left ? Buffer.concat([fill, input]) : Buffer.concat([input, fill]);
  };
}

function initcap(s: string): string {
  return s.replace(/\S+/g, (w) => w.charAt(0).toUpperCase() + w.substring(1).toLowerCase());
}

function splitString(s: string, d: string): Value {
  if (d === '') return s === '' ? [''] : [...s];
  return s.split(d);
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

function concatWs(args: Value[]): Value {
  const [sep, ...rest] = args;
  if (sep === null || sep === undefined) return null;
  const parts = rest.filter((a) => a !== null);
  if (Buffer.isBuffer(sep)) {
    const out: Buffer[] = [];
    parts.forEach((p, i) => (i > 0 ? out.push(sep, p as Buffer) : out.push(p as Buffer)));
    return Buffer.concat(out);
  }
  return parts.join(sep as string);
}

/** CHR(INT): the code point as a string; CHR(STRING): a `\uXXXX` escape (or a surrogate pair). */
function chrOfCode(code: number): Value {
  if (code < 0 || code > 0x10ffff) return null;
  return String.fromCodePoint(code);
}

function chrOfText(text: string): Value {
  const m = /^(?:\\u([0-9a-fA-F]{4}))+$/.exec(text);
  if (!m) return null;
  const units = text
    .split('\\u')
    .slice(1)
    .map((h) => parseInt(h, 16));
  const s = String.fromCharCode(...units);
  const cp = s.codePointAt(0)!;
  return String.fromCodePoint(cp).length === s.length ? s : null;
}

/** ELT(n, args...): the n-th argument, 1-based; null when out of range. */
function elt(a: Value[]): Value {
  const n = a[0] as number | null;
  if (n === null || n < 1 || n >= a.length) return null;
  return a[n] ?? null;
}

/** FIELD(str, args...): the 1-based position of str among args; 0 when absent or null. */
function field(a: Value[]): Value {
  const s = a[0];
  if (s === null || s === undefined) return 0;
  for (let i = 1; i < a.length; i++) if (a[i] === s) return i;
  return 0;
}

function splitToMap(a: Value[]): Value {
  const [input, entryDelim, kvDelim] = a as [string | null, string | null, string | null];
  if (input === null || !entryDelim || !kvDelim) return null;
  const out: Record<string, Value> = {};
  for (const entry of input.split(entryDelim)) {
    if (entry === '') continue;
    const kv = entry.split(kvDelim);
    if (kv.length >= 2) out[kv[0]!] = kv[1]!;
  }
  return out;
}

interface MaskChars {
  upper: string | null;
  lower: string | null;
  digit: string | null;
  other: string | null;
}

const DEFAULT_MASK: MaskChars = { upper: 'X', lower: 'x', digit: 'n', other: '-' };

function maskCharsOf(a: Value[], from: number): MaskChars {
  if (a.length <= from) return DEFAULT_MASK;
  const pick = (v: Value | undefined): string | null =>
    v === null || v === undefined ? null : (v as string).charAt(0) || null;
  return { upper: pick(a[from]), lower: pick(a[from + 1]), digit: pick(a[from + 2]), other: pick(a[from + 3]) };
}

function maskChar(c: string, m: MaskChars): string {
  if (c >= 'A' && c <= 'Z') return m.upper ?? c;
  if (c >= 'a' && c <= 'z') return m.lower ?? c;
  if (c >= '0' && c <= '9') return m.digit ?? c;
  return m.other ?? c;
}

/** Masks the characters of `s` in [from, to). */
function maskRange(s: string, from: number, to: number, m: MaskChars): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += i >= from && i < to ? maskChar(s[i]!, m) : s[i]!;
  return out;
}

type MaskRange = (len: number, n: number) => [number, number];

function maskFunction(name: string, description: string, range?: MaskRange): FunctionDef {
  const withCount: Impl = (a) => {
    const s = a[0] as string | null;
    const n = a[1] as number | null;
    if (s === null) return null;
    if (n === null || n < 0)
      throw new RecordError(`function ${name} requires a non-negative number of characters to mask or skip`);
    const [from, to] = range!(s.length, n);
    return maskRange(s, from, to, maskCharsOf(a, 2));
  };
  const whole: Impl = (a) => (a[0] === null ? null : maskRange(a[0] as string, 0, Infinity, maskCharsOf(a, 1)));
  const chars = ['STRING upper', 'STRING lower', 'STRING digit', 'STRING other'];
  const sigs = range
    ? [
        sig(['STRING input', 'INT numChars'], 'STRING', withCount),
        sig(['STRING input', 'INT numChars', ...chars], 'STRING', withCount),
      ]
    : [sig(['STRING input'], 'STRING', whole), sig(['STRING input', ...chars], 'STRING', whole)];
  return defineFunction(name, 'STRING', description, sigs);
}

/** Java's String.getBytes(US_ASCII): characters outside ASCII become '?'. */
export function asciiBytes(s: string): Buffer {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)! < 128 ? ch.codePointAt(0)! : 0x3f);
  return Buffer.from(out);
}

/** new String(bytes, US_ASCII): bytes above 127 become U+FFFD. */
export function asciiText(b: Buffer): string {
  let out = '';
  for (const x of b) out += x < 128 ? String.fromCharCode(x) : '\ufffd';
  return out;
}

function md5(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

function uuidOfBytes(b: Buffer): Value {
  if (b.length !== 16) return null;
  const h = b.toString('hex');
  return `${h.substring(0, 8)}-${h.substring(8, 12)}-${h.substring(12, 16)}-${h.substring(16, 20)}-${h.substring(20)}`;
}

const textOrBytes = (t: 'STRING' | 'BYTES', names: string[]): string[] => names.map((n) => `${t} ${n}`);

export const STRING_FUNCTIONS: FunctionDef[] = [
  defineFunction('ucase', 'STRING', 'Converts a string to upper case.', [
    sig(
      ['STRING input'],
      'STRING',
      str1((s) => s.toUpperCase()),
    ),
  ]),
  defineFunction('lcase', 'STRING', 'Converts a string to lower case.', [
    sig(
      ['STRING input'],
      'STRING',
      str1((s) => s.toLowerCase()),
    ),
  ]),
  defineFunction('trim', 'STRING', 'Removes leading and trailing whitespace.', [
    sig(
      ['STRING input'],
      'STRING',
      str1((s) => s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')),
    ),
  ]),
  defineFunction('initcap', 'STRING', 'Capitalizes the first letter of each word, lower-cases the rest.', [
    sig(['STRING input'], 'STRING', str1(initcap)),
  ]),
  defineFunction('len', 'STRING', 'Returns the length of a string or the number of bytes in a BYTES value.', [
    sig(
      ['STRING input'],
      'INT',
      str1((s) => s.length),
    ),
    sig(
      ['BYTES input'],
      'INT',
      nullSafe(1, (a) => (a[0] as Buffer).length),
    ),
  ]),
  defineFunction('concat', 'STRING', 'Concatenates strings or bytes; null inputs count as empty.', [
    sig(['STRING... inputs'], 'STRING', (a) => a.filter((x) => x !== null).join('')),
    sig(['BYTES... inputs'], 'BYTES', (a) => Buffer.concat(a.filter((x): x is Buffer => Buffer.isBuffer(x)))),
  ]),
  defineFunction('concat_ws', 'STRING', 'Concatenates with a separator, skipping null inputs.', [
    sig(['STRING separator', 'STRING... args'], 'STRING', concatWs),
    sig(['BYTES separator', 'BYTES... args'], 'BYTES', concatWs),
  ]),
  defineFunction('substring', 'STRING', 'Returns the part of a string or bytes from a 1-based position.', [
    sig(['STRING str', 'INT pos'], 'STRING', substring),
    sig(['STRING str', 'INT pos', 'INT length'], 'STRING', substring),
    sig(['BYTES bytes', 'INT pos'], 'BYTES', substring),
    sig(['BYTES bytes', 'INT pos', 'INT length'], 'BYTES', substring),
  ]),
  defineFunction('replace', 'STRING', 'Replaces every occurrence of a substring.', [
    sig(
      ['STRING str', 'STRING substring', 'STRING replacement'],
      'STRING',
      strict((a) => (a[0] as string).split(a[1] as string).join(a[2] as string)),
    ),
  ]),
  defineFunction('split', 'STRING', 'Splits a string or bytes on a delimiter.', [
    sig(
      ['STRING string', 'STRING delimiter'],
      'ARRAY<STRING>',
      strict((a) => splitString(a[0] as string, a[1] as string)),
    ),
    sig(
      ['BYTES bytes', 'BYTES delimiter'],
      'ARRAY<BYTES>',
      strict((a) => splitBytes(a[0] as Buffer, a[1] as Buffer)),
    ),
  ]),
  defineFunction('split_to_map', 'STRING', 'Splits a string into key-value pairs and makes a map of them.', [
    sig(['STRING input', 'STRING entryDelimiter', 'STRING kvDelimiter'], 'MAP<STRING, STRING>', splitToMap),
  ]),
  defineFunction('instr', 'STRING', 'The position of a substring (0 when absent).', [
    sig(['STRING str', 'STRING substring'], 'INT', (a) => instrOf(a)),
    sig(['STRING str', 'STRING substring', 'INT position'], 'INT', (a) => instrOf(a)),
    sig(['STRING str', 'STRING substring', 'INT position', 'INT occurrence'], 'INT', (a) => instrOf(a)),
  ]),
  defineFunction('lpad', 'STRING', 'Pads a string or bytes on the left to a length.', [
    sig(textOrBytes('STRING', ['input', 'length', 'padding']).map(intLength), 'STRING', padString(true)),
    sig(textOrBytes('BYTES', ['input', 'length', 'padding']).map(intLength), 'BYTES', padBytes(true)),
  ]),
  defineFunction('rpad', 'STRING', 'Pads a string or bytes on the right to a length.', [
    sig(textOrBytes('STRING', ['input', 'length', 'padding']).map(intLength), 'STRING', padString(false)),
    sig(textOrBytes('BYTES', ['input', 'length', 'padding']).map(intLength), 'BYTES', padBytes(false)),
  ]),
  defineFunction('chr', 'STRING', 'The single-character string of a Unicode code point (a number or a \\u escape).', [
    sig(
      ['INT decimalCode'],
      'STRING',
      nullSafe(1, (a) => chrOfCode(a[0] as number)),
    ),
    sig(['STRING utf16Code'], 'STRING', str1(chrOfText)),
  ]),
  defineFunction('elt', 'STRING', 'Returns the n-th argument (1-based), or null when out of range.', [
    sig(['INT n', 'STRING... args'], 'STRING', elt),
  ]),
  defineFunction('field', 'STRING', 'The 1-based position of str among args, or 0.', [
    sig(['STRING str', 'STRING... args'], 'INT', field),
  ]),
  maskFunction('mask', 'Masks upper-case, lower-case, digit and other characters.'),
  maskFunction('mask_keep_left', 'Masks all but the first numChars characters.', (len, n) => [n, len]),
  maskFunction('mask_keep_right', 'Masks all but the last numChars characters.', (len, n) => [0, len - n]),
  maskFunction('mask_left', 'Masks the first numChars characters.', (_len, n) => [0, n]),
  maskFunction('mask_right', 'Masks the last numChars characters.', (len, n) => [len - n, len]),
  defineFunction('md5', 'STRING', 'The hex MD5 hash of a string (UTF-8).', [
    sig(['STRING input'], 'STRING', str1(md5)),
  ]),
  defineFunction('uuid', 'STRING', 'A random (version 4) UUID, or the UUID of 16 bytes.', [
    sig([], 'STRING', () => randomUUID()),
    sig(
      ['BYTES bytes'],
      'STRING',
      nullSafe(1, (a) => uuidOfBytes(a[0] as Buffer)),
    ),
  ]),
];

function intLength(p: string): string {
  return p.endsWith(' length') ? 'INT length' : p;
}

function instrOf(a: Value[]): Value {
  if (a[0] === null || a[1] === null) return 0;
  if (a[2] === null || a[3] === null) return null;
  return instr(a[0] as string, a[1] as string, (a[2] as number | undefined) ?? 1, (a[3] as number | undefined) ?? 1);
}
