// Avro's binary encoding, driven by a parsed Avro schema: zig-zag varint ints and longs, IEEE
// floats and doubles little-endian, length-prefixed bytes and strings, a union's branch index
// before its value, arrays and maps in counted blocks (a negative count carries the block's byte
// size). Data is generic: records and maps are plain objects, enums their symbol, longs a number
// while safe (else a bigint), bytes and fixed a Buffer. Malformed input throws RecordError.
import { RecordError } from '../../errors.js';
import { normLong } from '../../types/long.js';

export type AvroSchema =
  | string
  | AvroSchema[]
  | {
      type: string | AvroSchema | AvroSchema[];
      name?: string;
      namespace?: string;
      fields?: Array<{ name: string; type: AvroSchema; default?: unknown }>;
      items?: AvroSchema;
      values?: AvroSchema;
      symbols?: string[];
      size?: number;
      logicalType?: string;
      [extra: string]: unknown;
    };

export type AvroDatum = null | boolean | number | bigint | string | Buffer | AvroDatum[] | { [k: string]: AvroDatum };

/** Named types (records, enums, fixed) by full and short name, as a schema may refer to them. */
type Names = Map<string, AvroSchema>;

/** Gathers the named types (records, enums, fixed) a schema defines, by full and short name. */
export function collectNames(s: AvroSchema, names: Names, ns = ''): void {
  if (typeof s === 'string') return;
  if (Array.isArray(s)) return s.forEach((b) => collectNames(b, names, ns));
  if (typeof s.type !== 'string') return collectNames(s.type, names, ns);
  const space = s.namespace ?? ns;
  if ((s.type === 'record' || s.type === 'error' || s.type === 'enum' || s.type === 'fixed') && s.name) {
    const full = s.name.includes('.') || !space ? s.name : `${space}.${s.name}`;
    names.set(full, s);
    names.set(s.name.split('.').pop()!, s);
  }
  for (const f of s.fields ?? []) collectNames(f.type, names, space);
  if (s.items !== undefined) collectNames(s.items, names, space);
  if (s.values !== undefined) collectNames(s.values, names, space);
}

/** The type name of a schema node: a primitive's name, or a complex type's `type`. */
export function avroTypeName(s: AvroSchema): string {
  if (typeof s === 'string') return s;
  if (Array.isArray(s)) return 'union';
  return typeof s.type === 'string' ? s.type : avroTypeName(s.type);
}

class Reader {
  pos = 0;
  constructor(
    private readonly b: Buffer,
    private readonly names: Names,
  ) {}

  fail(what: string): never {
    throw new RecordError(`Failed to deserialize data: Avro: ${what} at byte ${this.pos} of ${this.b.length}`);
  }

  long(): bigint {
    let shift = 0n;
    let u = 0n;
    for (;;) {
      if (this.pos >= this.b.length) this.fail('truncated varint');
      const byte = this.b[this.pos++]!;
      u |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) this.fail('varint longer than 10 bytes');
    }
    return (u >> 1n) ^ -(u & 1n);
  }

  int(): number {
    const v = this.long();
    if (v > 2147483647n || v < -2147483648n) this.fail(`int out of range (${v})`);
    return Number(v);
  }

  take(n: number): Buffer {
    if (n < 0 || this.pos + n > this.b.length) this.fail(`length ${n} past the end`);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  blocks(each: () => void): void {
    for (;;) {
      let n = this.long();
      if (n === 0n) return;
      if (n < 0n) {
        n = -n;
        this.long(); // the block's byte size
      }
      if (n > BigInt(this.b.length - this.pos)) this.fail(`block count ${n} past the end`);
      for (let i = 0n; i < n; i++) each();
    }
  }

  read(s: AvroSchema): AvroDatum {
    if (Array.isArray(s)) {
      const i = this.int();
      if (i < 0 || i >= s.length) this.fail(`union branch ${i} of ${s.length}`);
      return this.read(s[i]!);
    }
    if (typeof s === 'object' && typeof s.type !== 'string') return this.read(s.type);
    const type = typeof s === 'string' ? s : (s.type as string);
    switch (type) {
      case 'null':
        return null;
      case 'boolean': {
        const b = this.take(1)[0]!;
        if (b > 1) this.fail(`boolean byte ${b}`);
        return b === 1;
      }
      case 'int':
        return this.int();
      case 'long':
        return normLong(this.long());
      case 'float':
        return this.take(4).readFloatLE(0);
      case 'double':
        return this.take(8).readDoubleLE(0);
      case 'bytes':
        return Buffer.from(this.take(this.int()));
      case 'string':
        return this.take(this.int()).toString('utf8');
      case 'array': {
        const out: AvroDatum[] = [];
        const items = (s as { items: AvroSchema }).items;
        this.blocks(() => out.push(this.read(items)));
        return out;
      }
      case 'map': {
        const out: { [k: string]: AvroDatum } = {};
        const values = (s as { values: AvroSchema }).values;
        this.blocks(() => {
          const k = this.take(this.int()).toString('utf8');
          out[k] = this.read(values);
        });
        return out;
      }
      case 'record':
      case 'error': {
        const out: { [k: string]: AvroDatum } = {};
        for (const f of (s as { fields: Array<{ name: string; type: AvroSchema }> }).fields)
          out[f.name] = this.read(f.type);
        return out;
      }
      case 'enum': {
        const symbols = (s as { symbols: string[] }).symbols;
        const i = this.int();
        if (i < 0 || i >= symbols.length) this.fail(`enum index ${i} of ${symbols.length}`);
        return symbols[i]!;
      }
      case 'fixed':
        return Buffer.from(this.take((s as { size: number }).size));
      default: {
        const named = this.names.get(type);
        if (!named) this.fail(`unknown type ${type}`);
        return this.read(named);
      }
    }
  }
}

function writeLong(out: number[], v: bigint): void {
  let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
}

function writeBytes(out: number[], b: Buffer): void {
  writeLong(out, BigInt(b.length));
  for (const x of b) out.push(x);
}

function bigOf(v: AvroDatum, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new RecordError(`Avro: ${what} needs an integer, got ${String(v)}`);
}

/** Whether `v` can be written as schema `s` (picks a union's branch). */
function fits(v: AvroDatum, s: AvroSchema, names: Names): boolean {
  const t = avroTypeName(s);
  switch (t) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'int':
    case 'long':
      return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
    case 'float':
    case 'double':
      return typeof v === 'number';
    case 'bytes':
    case 'fixed':
      return Buffer.isBuffer(v);
    case 'string':
    case 'enum':
      return typeof v === 'string';
    case 'array':
      return Array.isArray(v);
    case 'map':
    case 'record':
    case 'error':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
    case 'union':
      return (s as AvroSchema[]).some((b) => fits(v, b, names));
    default: {
      const named = names.get(t);
      return named !== undefined && fits(v, named, names);
    }
  }
}

function write(out: number[], v: AvroDatum, s: AvroSchema, names: Names): void {
  if (Array.isArray(s)) {
    const i = s.findIndex((b) => fits(v, b, names));
    if (i < 0) throw new RecordError(`Avro: no branch of union ${JSON.stringify(s)} holds ${String(v)}`);
    writeLong(out, BigInt(i));
    return write(out, v, s[i]!, names);
  }
  if (typeof s === 'object' && typeof s.type !== 'string') return write(out, v, s.type, names);
  const type = typeof s === 'string' ? s : (s.type as string);
  switch (type) {
    case 'null':
      return;
    case 'boolean':
      out.push(v ? 1 : 0);
      return;
    case 'int':
    case 'long':
      return writeLong(out, bigOf(v, type));
    case 'float': {
      const b = Buffer.alloc(4);
      b.writeFloatLE(Number(v));
      return void out.push(...b);
    }
    case 'double': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(v));
      return void out.push(...b);
    }
    case 'bytes':
      return writeBytes(out, v as Buffer);
    case 'string':
      return writeBytes(out, Buffer.from(String(v), 'utf8'));
    case 'fixed':
      return void out.push(...(v as Buffer));
    case 'enum': {
      const i = (s as { symbols: string[] }).symbols.indexOf(String(v));
      if (i < 0) throw new RecordError(`Avro: ${String(v)} is no symbol of enum ${(s as { name?: string }).name}`);
      return writeLong(out, BigInt(i));
    }
    case 'array': {
      const items = v as AvroDatum[];
      if (items.length > 0) writeLong(out, BigInt(items.length));
      for (const x of items) write(out, x, (s as { items: AvroSchema }).items, names);
      return writeLong(out, 0n);
    }
    case 'map': {
      const entries = Object.entries(v as { [k: string]: AvroDatum });
      if (entries.length > 0) writeLong(out, BigInt(entries.length));
      for (const [k, x] of entries) {
        writeBytes(out, Buffer.from(k, 'utf8'));
        write(out, x, (s as { values: AvroSchema }).values, names);
      }
      return writeLong(out, 0n);
    }
    case 'record':
    case 'error': {
      const rec = v as { [k: string]: AvroDatum };
      for (const f of (s as { fields: Array<{ name: string; type: AvroSchema }> }).fields)
        write(out, rec[f.name] ?? null, f.type, names);
      return;
    }
    default: {
      const named = names.get(type);
      if (!named) throw new RecordError(`Avro: unknown type ${type}`);
      return write(out, v, named, names);
    }
  }
}

/** A parsed schema with its named types resolved, ready to read and write data. */
export class AvroCodec {
  private readonly names: Names = new Map();
  constructor(readonly schema: AvroSchema) {
    collectNames(schema, this.names);
  }

  decode(bytes: Buffer): AvroDatum {
    const r = new Reader(bytes, this.names);
    const v = r.read(this.schema);
    if (r.pos !== bytes.length) r.fail(`${bytes.length - r.pos} byte(s) left after the datum`);
    return v;
  }

  encode(v: AvroDatum): Buffer {
    const out: number[] = [];
    write(out, v, this.schema, this.names);
    return Buffer.from(out);
  }
}
