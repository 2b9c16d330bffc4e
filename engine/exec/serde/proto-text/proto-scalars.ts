// Protobuf's scalar value types on the wire (encoding.md): which wire type each takes, how a
// field's occurrence decodes to a JS value (int32 sign-extended, sint zigzag, unsigned and
// fixed widths, float widened to double) and how a SQL value encodes back, refusing a value out
// of the field type's range. 64-bit integers come back as the engine's longs (number or bigint),
// unsigned 64-bit ones as Java's signed long, as ksqlDB reads them.
import { RecordError } from '../../../errors.js';
import { normLong } from '../../../types/long.js';
import type { Value } from '../../../types/values.js';
import { ProtoWriter, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, type WireValue } from '../protobuf-wire.js';
import type { ProtoScalar } from './proto-descriptor.js';

const WIRES: Record<ProtoScalar, number> = {
  double: WIRE_FIXED64,
  fixed64: WIRE_FIXED64,
  sfixed64: WIRE_FIXED64,
  float: WIRE_FIXED32,
  fixed32: WIRE_FIXED32,
  sfixed32: WIRE_FIXED32,
  string: WIRE_LEN,
  bytes: WIRE_LEN,
  int32: WIRE_VARINT,
  int64: WIRE_VARINT,
  uint32: WIRE_VARINT,
  uint64: WIRE_VARINT,
  sint32: WIRE_VARINT,
  sint64: WIRE_VARINT,
  bool: WIRE_VARINT,
};

export function wireOf(s: ProtoScalar): number {
  return WIRES[s];
}

/** Whether repeated fields of the type are packed (proto3's default for numeric types). */
export function packable(s: ProtoScalar): boolean {
  return WIRES[s] !== WIRE_LEN;
}

const RANGES: Partial<Record<ProtoScalar, [bigint, bigint]>> = {
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  sint32: [-(1n << 31n), (1n << 31n) - 1n],
  sfixed32: [-(1n << 31n), (1n << 31n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
  fixed32: [0n, (1n << 32n) - 1n],
  // a BIGINT read from an unsigned 64-bit field is Java's signed long of it: both halves write back
  uint64: [-(1n << 63n), (1n << 64n) - 1n],
  fixed64: [-(1n << 63n), (1n << 64n) - 1n],
};

/** The zero value of the type, as proto3 reads an absent field. */
export function scalarZero(s: ProtoScalar): Value {
  if (s === 'bool') return false;
  if (s === 'string') return '';
  if (s === 'bytes') return Buffer.alloc(0);
  return 0;
}

function bad(what: string, field: string): RecordError {
  return new RecordError(`Failed to deserialize data: protobuf field ${field}: ${what}`);
}

/** One occurrence of a field of scalar type `s` as a JS value. */
export function readScalar(s: ProtoScalar, x: WireValue, field: string): Value {
  if (x.wire !== WIRES[s]) throw bad(`wire type ${x.wire} cannot be read as ${s}`, field);
  if (x.wire === WIRE_VARINT) {
    const v = x.value as bigint;
    switch (s) {
      case 'bool':
        return v !== 0n;
      case 'int32':
        return Number(BigInt.asIntN(32, v));
      case 'uint32':
        return Number(BigInt.asUintN(32, v));
      case 'sint32':
      case 'sint64': {
        const u = BigInt.asUintN(64, v);
        const z = (u >> 1n) ^ -(u & 1n);
        return s === 'sint32' ? Number(BigInt.asIntN(32, z)) : normLong(BigInt.asIntN(64, z));
      }
      default: // int64, uint64
        return normLong(BigInt.asIntN(64, v));
    }
  }
  const b = x.value as Buffer;
  switch (s) {
    case 'double':
      return b.readDoubleLE(0);
    case 'float':
      return b.readFloatLE(0);
    case 'fixed32':
      return b.readUInt32LE(0);
    case 'sfixed32':
      return b.readInt32LE(0);
    case 'fixed64':
    case 'sfixed64':
      return normLong(b.readBigInt64LE(0));
    case 'string':
      return b.toString('utf8');
    default:
      return Buffer.from(b);
  }
}

/** Whether `v` is the type's zero value (proto3 leaves such a field out unless it has presence). */
export function isScalarZero(v: Value): boolean {
  if (Buffer.isBuffer(v)) return v.length === 0;
  if (typeof v === 'number') return v === 0 && !Object.is(v, -0);
  return v === 0n || v === false || v === '';
}

function integer(v: Value, s: ProtoScalar, field: string): bigint {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else throw new RecordError(`protobuf field ${field} (${s}): ${String(v)} is not an integer`);
  const range = RANGES[s];
  if (range && (n < range[0] || n > range[1]))
    throw new RecordError(`protobuf field ${field} (${s}): ${n} is out of range ${range[0]}..${range[1]}`);
  return n;
}

/** Writes `v`'s payload (no tag) as scalar type `s`. */
export function writeScalar(w: ProtoWriter, s: ProtoScalar, v: Value, field: string): void {
  const fixed = (n: number, put: (b: Buffer) => void): void => {
    const b = Buffer.alloc(n);
    put(b);
    w.raw(b);
  };
  switch (s) {
    case 'bool':
      if (typeof v !== 'boolean') break;
      return w.varint(v ? 1 : 0);
    case 'string':
      if (typeof v !== 'string') break;
      return w.bytes(Buffer.from(v, 'utf8'));
    case 'bytes':
      if (!Buffer.isBuffer(v)) break;
      return w.bytes(v);
    case 'double':
    case 'float':
      if (typeof v !== 'number' && typeof v !== 'bigint') break;
      return s === 'double' ? fixed(8, (b) => b.writeDoubleLE(Number(v))) : fixed(4, (b) => b.writeFloatLE(Number(v)));
    case 'sint32':
    case 'sint64': {
      const n = integer(v, s, field);
      return w.varint(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
    }
    case 'fixed32':
      return fixed(4, (b) => b.writeUInt32LE(Number(integer(v, s, field))));
    case 'sfixed32':
      return fixed(4, (b) => b.writeInt32LE(Number(integer(v, s, field))));
    case 'fixed64':
    case 'sfixed64':
      return fixed(8, (b) => b.writeBigUInt64LE(BigInt.asUintN(64, integer(v, s, field))));
    default: // int32, int64, uint32, uint64 (varint() writes a negative as its 64-bit two's complement)
      return w.varint(integer(v, s, field));
  }
  throw new RecordError(`protobuf field ${field} (${s}): cannot write ${typeof v} ${String(v)}`);
}
