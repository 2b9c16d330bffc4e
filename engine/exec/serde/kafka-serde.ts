// The KAFKA format: exactly one primitive column as Kafka's own serializers write it
// (UTF-8 strings, big-endian INT/BIGINT/DOUBLE, raw BYTES).
import { PlanError, RecordError } from '../../errors.js';
import { typeToString } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import type { Serde, SerdeColumn, SerdeOptions } from './serde.js';
import { normLong } from '../../types/long.js';

const SUPPORTED = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES']);

function persistence(cols: readonly SerdeColumn[], isKey: boolean): string {
  return `Persistence{columns=[${cols.map((c) => `\`${c.name}\` ${typeToString(c.type)}${isKey ? ' KEY' : ''}`).join(', ')}], features=[]}`;
}

/** The reason ksqlDB gives when KAFKA cannot hold these columns, or undefined when it can. */
function kafkaFormatProblem(cols: readonly SerdeColumn[], isKey: boolean): string | undefined {
  if (cols.length > 1)
    return `The 'KAFKA' format only supports a single field. Got: [${cols.map((c) => `\`${c.name}\` ${typeToString(c.type)}${isKey ? ' KEY' : ''}`).join(', ')}]`;
  const t = cols[0]?.type;
  if (t && !SUPPORTED.has(t.kind)) return `The 'KAFKA' format does not support type '${t.kind}'`;
  return undefined;
}

export function kafkaSerde(o: SerdeOptions): Serde {
  const problem = kafkaFormatProblem(o.columns, o.isKey);
  if (problem) {
    const which = o.isKey ? 'Key' : 'Value';
    throw new PlanError(
      `${which} format does not support schema.\nformat: KAFKA\nschema: ${persistence(o.columns, o.isKey)}\nreason: ${problem}`,
    );
  }
  const col = o.columns[0];
  if (!col) return { deserialize: () => [], serialize: () => null };
  const kind = col.type.kind;
  return {
    deserialize(bytes) {
      if (bytes === null) return [null];
      return [readKafka(kind, bytes)];
    },
    serialize(values, from = 0) {
      const v = values[from] ?? null;
      return v === null ? null : writeKafka(kind, v);
    },
  };
}

function readKafka(kind: string, b: Buffer): Value {
  const need = kind === 'INTEGER' ? 4 : kind === 'BIGINT' || kind === 'DOUBLE' ? 8 : -1;
  if (need > 0 && b.length !== need)
    throw new RecordError(`Size of data received by ${kind} deserializer is not ${need}`);
  if (kind === 'INTEGER') return b.readInt32BE(0);
  if (kind === 'BIGINT') return normLong(b.readBigInt64BE(0));
  if (kind === 'DOUBLE') return b.readDoubleBE(0);
  if (kind === 'BYTES') return Buffer.from(b);
  return b.toString('utf8');
}

function writeKafka(kind: string, v: Value): Buffer {
  if (kind === 'INTEGER') {
    const b = Buffer.alloc(4);
    b.writeInt32BE(Number(v) | 0);
    return b;
  }
  if (kind === 'BIGINT') {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
    return b;
  }
  if (kind === 'DOUBLE') {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(Number(v));
    return b;
  }
  if (Buffer.isBuffer(v)) return v;
  return Buffer.from(String(v), 'utf8');
}
