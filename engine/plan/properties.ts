// WITH (...) properties of CREATE statements: known names, typed reading, and the errors
// ksqlDB gives for missing or malformed values.
import { PlanError } from '../errors.js';
import type { Literal, Property } from '../syntax/index.js';

const KNOWN = new Set([
  'KAFKA_TOPIC',
  'KEY_FORMAT',
  'VALUE_FORMAT',
  'FORMAT',
  'PARTITIONS',
  'REPLICAS',
  'TIMESTAMP',
  'TIMESTAMP_FORMAT',
  'WRAP_SINGLE_VALUE',
  'VALUE_DELIMITER',
  'KEY_DELIMITER',
  'WINDOW_TYPE',
  'WINDOW_SIZE',
  'RETENTION_MS',
  'CLEANUP_POLICY',
  'KEY_SCHEMA_ID',
  'VALUE_SCHEMA_ID',
  'KEY_SCHEMA_FULL_NAME',
  'VALUE_SCHEMA_FULL_NAME',
  'VALUE_AVRO_SCHEMA_FULL_NAME',
  'SOURCE_CONNECTOR',
  'QUERY_ID',
  'KEY_PROTOBUF_NULLABLE_REPRESENTATION',
  'VALUE_PROTOBUF_NULLABLE_REPRESENTATION',
]);

export class Props {
  private readonly map = new Map<string, Literal>();

  constructor(props: readonly Property[]) {
    for (const p of props) {
      const name = p.name.toUpperCase();
      if (!KNOWN.has(name)) throw new PlanError(`Invalid config variable(s) in the WITH clause: ${name}`);
      this.map.set(name, p.value);
    }
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  string(name: string): string | undefined {
    const v = this.map.get(name);
    if (!v || v.kind === 'NullLiteral') return undefined;
    if (v.kind === 'StringLiteral') return v.value;
    return String(v.value);
  }

  upper(name: string): string | undefined {
    return this.string(name)?.toUpperCase();
  }

  int(name: string): number | undefined {
    const v = this.map.get(name);
    if (!v) return undefined;
    const n = v.kind === 'IntegerLiteral' || v.kind === 'BigIntLiteral' ? Number(v.value) : Number(this.string(name));
    if (!Number.isInteger(n))
      throw new PlanError(`Invalid value for ${name}: ${this.string(name)}; expected an integer`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.map.get(name);
    if (!v) return undefined;
    if (v.kind === 'BooleanLiteral') return v.value;
    const s = this.string(name)?.toLowerCase();
    if (s !== 'true' && s !== 'false') throw new PlanError(`Invalid value for ${name}: ${s}; expected true or false`);
    return s === 'true';
  }
}

const UNITS: Record<string, number> = {
  MILLISECOND: 1,
  MILLISECONDS: 1,
  SECOND: 1000,
  SECONDS: 1000,
  MINUTE: 60_000,
  MINUTES: 60_000,
  HOUR: 3_600_000,
  HOURS: 3_600_000,
  DAY: 86_400_000,
  DAYS: 86_400_000,
};

/** Parses '30 seconds' as WINDOW_SIZE does. */
export function parseDurationText(text: string, what: string): number {
  const m = /^\s*(\d+)\s+([A-Za-z]+)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toUpperCase()] : undefined;
  if (!m || unit === undefined) {
    const u = m ? m[2]!.toUpperCase() : text;
    throw new PlanError(
      `Configuration ${what} is invalid: Invalid duration: '${text}'. ${m ? `Unknown time unit: '${u}'` : 'Not a duration'}`,
    );
  }
  return Number(m[1]) * unit;
}
