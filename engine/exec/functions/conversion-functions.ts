// Conversions between text and bytes (TO_BYTES, FROM_BYTES, ENCODE in hex, utf8, ascii and
// base64, with Java's replacement rules for ASCII) and numbers read from bytes in either byte order.
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { asciiBytes, asciiText } from './string-functions.js';
import { sig, strict } from './signature.js';

type Encoding = 'hex' | 'utf8' | 'ascii' | 'base64';

function encodingOf(name: string): Encoding {
  const e = name.toLowerCase();
  if (e === 'hex' || e === 'utf8' || e === 'ascii' || e === 'base64') return e;
  throw new RecordError(`Supported encoding types are: hex, utf8, ascii and base64; got ${name}`);
}

function strictHex(s: string): Buffer {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new RecordError(`Invalid hex string: ${s}`);
  return Buffer.from(s, 'hex');
}

export function textToBytes(s: string, enc: Encoding): Buffer {
  switch (enc) {
    case 'hex':
      return strictHex(s);
    case 'ascii':
      return asciiBytes(s);
    case 'utf8':
      return Buffer.from(s, 'utf8');
    case 'base64':
      return Buffer.from(s, 'base64');
  }
}

export function bytesToText(b: Buffer, enc: Encoding): string {
  switch (enc) {
    case 'hex':
      return b.toString('hex').toUpperCase();
    case 'ascii':
      return asciiText(b);
    case 'utf8':
      return b.toString('utf8');
    case 'base64':
      return b.toString('base64');
  }
}

/** ENCODE's hex input: plain (even length), `0x…` (an odd digit count gets a leading 0) or
 *  `X'…'`; anything else is not hex (null). */
function encodeHexInput(s: string): Buffer | null {
  let digits = s;
  if (/^0x/i.test(s)) {
    digits = s.substring(2);
    if (digits.length % 2 !== 0) digits = '0' + digits;
  } else if (/^x'/i.test(s)) {
    if (s.length < 3 || !s.endsWith("'")) return null;
    digits = s.substring(2, s.length - 1);
  }
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) return null;
  return Buffer.from(digits, 'hex');
}

const KNOWN = new Set(['hex', 'utf8', 'ascii', 'base64']);

function encode(a: Value[]): Value {
  const [s, from, to] = a as [string | null, string | null, string | null];
  if (s === null || from === null || to === null) return null;
  const inEnc = from.toLowerCase();
  const outEnc = to.toLowerCase();
  if (!KNOWN.has(inEnc) || !KNOWN.has(outEnc)) return null;
  const bytes = inEnc === 'hex' ? encodeHexInput(s) : textToBytes(s, inEnc as Encoding);
  if (bytes === null) return null;
  return outEnc === 'hex' ? bytes.toString('hex') : bytesToText(bytes, outEnc as Encoding);
}

type Reader = (b: Buffer, little: boolean) => number;

function fromBytes(size: number, read: Reader) {
  return (a: Value[]): Value => {
    const b = a[0] as Buffer | null;
    if (b === null) return null;
    const order = a.length > 1 ? (a[1] as string | null) : 'BIG_ENDIAN';
    if (order !== 'BIG_ENDIAN' && order !== 'LITTLE_ENDIAN') return null;
    if (b.length !== size) throw new RecordError(`Number of bytes must be equal to ${size}, but found ${b.length}`);
    return read(b, order === 'LITTLE_ENDIAN');
  };
}

function numberFromBytes(name: string, type: string, size: number, read: Reader): FunctionDef {
  const f = fromBytes(size, read);
  return defineFunction(name, 'CONVERSIONS', `Converts a BYTES value to ${type} in the given byte order.`, [
    sig(['BYTES value'], type, f),
    sig(['BYTES value', 'STRING byteOrder'], type, f),
  ]);
}

export const CONVERSION_FUNCTIONS: FunctionDef[] = [
  defineFunction(
    'to_bytes',
    'CONVERSIONS',
    'Converts a STRING in the given encoding (hex, utf8, ascii, base64) to BYTES.',
    [
      sig(
        ['STRING string', 'STRING encoding'],
        'BYTES',
        strict((v) => textToBytes(v[0] as string, encodingOf(v[1] as string))),
      ),
    ],
  ),
  defineFunction(
    'from_bytes',
    'CONVERSIONS',
    'Converts BYTES to a STRING in the given encoding (hex, utf8, ascii, base64).',
    [
      sig(
        ['BYTES bytes', 'STRING encoding'],
        'STRING',
        strict((v) => bytesToText(v[0] as Buffer, encodingOf(v[1] as string))),
      ),
    ],
  ),
  defineFunction('encode', 'STRING', 'Re-encodes a string from one encoding (hex, utf8, ascii, base64) to another.', [
    sig(['STRING str', 'STRING encodedFrom', 'STRING encodedTo'], 'STRING', encode),
  ]),
  numberFromBytes('int_from_bytes', 'INT', 4, (b, le) => (le ? b.readInt32LE(0) : b.readInt32BE(0))),
  numberFromBytes('bigint_from_bytes', 'BIGINT', 8, (b, le) => Number(le ? b.readBigInt64LE(0) : b.readBigInt64BE(0))),
  numberFromBytes('double_from_bytes', 'DOUBLE', 8, (b, le) => (le ? b.readDoubleLE(0) : b.readDoubleBE(0))),
];
