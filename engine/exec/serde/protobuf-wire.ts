// Protocol Buffers' wire format (encoding.md of protobuf): varints, 64-bit and 32-bit fixed
// fields and length-delimited fields, written by a growable writer and read into fields by
// number. Knows nothing of SQL types: protobuf-serde.ts maps columns onto fields.
import { RecordError } from '../../errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const MASK64 = (1n << 64n) - 1n;

export class ProtoWriter {
  private buf = Buffer.alloc(64);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** An unsigned varint of a non-negative safe integer or any 64-bit bigint (two's complement). */
  varint(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v <= 0x7fffffff) {
      this.room(5);
      while (v > 0x7f) {
        this.buf[this.len++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.len++] = v;
      return;
    }
    let b = BigInt(v) & MASK64;
    this.room(10);
    while (b > 0x7fn) {
      this.buf[this.len++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    this.buf[this.len++] = Number(b);
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  double(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.len);
    this.len += 8;
  }

  /** Bytes as they are, with no length in front (a fixed32, fixed64 or float's payload). */
  raw(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
  }

  bytes(b: Buffer): void {
    this.varint(b.length);
    this.room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

/** One field's occurrence: a varint as bigint, a fixed field or a length-delimited one as bytes. */
export interface WireValue {
  wire: number;
  value: bigint | Buffer;
}

function readVarint(b: Buffer, at: { pos: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (at.pos >= b.length) throw new RecordError('Failed to deserialize data: truncated protobuf varint');
    const byte = b[at.pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result & MASK64;
    shift += 7n;
  }
  throw new RecordError('Failed to deserialize data: protobuf varint longer than 10 bytes');
}

function take(b: Buffer, at: { pos: number }, n: number): Buffer {
  if (n < 0 || at.pos + n > b.length) throw new RecordError('Failed to deserialize data: truncated protobuf field');
  const out = b.subarray(at.pos, at.pos + n);
  at.pos += n;
  return out;
}

/** The occurrences of each field number in a message, in order (later ones win for singular fields). */
export function readFields(b: Buffer): Map<number, WireValue[]> {
  const out = new Map<number, WireValue[]>();
  const at = { pos: 0 };
  while (at.pos < b.length) {
    const key = readVarint(b, at);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new RecordError('Failed to deserialize data: protobuf field number 0');
    let value: bigint | Buffer;
    if (wire === WIRE_VARINT) value = readVarint(b, at);
    else if (wire === WIRE_FIXED64) value = take(b, at, 8);
    else if (wire === WIRE_LEN) value = take(b, at, Number(readVarint(b, at)));
    else if (wire === WIRE_FIXED32) value = take(b, at, 4);
    else throw new RecordError(`Failed to deserialize data: unsupported protobuf wire type ${wire}`);
    const list = out.get(field);
    if (list) list.push({ wire, value });
    else out.set(field, [{ wire, value }]);
  }
  return out;
}

/** The varints of a packed repeated field's bytes. */
export function readPackedVarints(b: Buffer): bigint[] {
  const out: bigint[] = [];
  const at = { pos: 0 };
  while (at.pos < b.length) out.push(readVarint(b, at));
  return out;
}

/** A 64-bit varint as a signed integer (int64 / int32 fields are two's complement). */
export function signed64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}
