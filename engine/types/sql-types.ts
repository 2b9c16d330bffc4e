// SQL types of the engine: the tagged union, ksqlDB-style printing, equality and the implicit
// widening rules (INT → BIGINT → DECIMAL → DOUBLE) used by expressions and comparisons.
export type SqlType =
  | { kind: 'BOOLEAN' }
  | { kind: 'INTEGER' }
  | { kind: 'BIGINT' }
  | { kind: 'DOUBLE' }
  | { kind: 'DECIMAL'; precision: number; scale: number }
  | { kind: 'STRING' }
  | { kind: 'BYTES' }
  | { kind: 'TIMESTAMP' }
  | { kind: 'DATE' }
  | { kind: 'TIME' }
  | { kind: 'ARRAY'; item: SqlType }
  | { kind: 'MAP'; key: SqlType; value: SqlType }
  | { kind: 'STRUCT'; fields: StructField[] }
  /** The type of a bare NULL literal before anything gives it a real type. */
  | { kind: 'NULL' };

export interface StructField {
  name: string;
  type: SqlType;
}

export const T = {
  BOOLEAN: { kind: 'BOOLEAN' } as SqlType,
  INTEGER: { kind: 'INTEGER' } as SqlType,
  BIGINT: { kind: 'BIGINT' } as SqlType,
  DOUBLE: { kind: 'DOUBLE' } as SqlType,
  STRING: { kind: 'STRING' } as SqlType,
  BYTES: { kind: 'BYTES' } as SqlType,
  TIMESTAMP: { kind: 'TIMESTAMP' } as SqlType,
  DATE: { kind: 'DATE' } as SqlType,
  TIME: { kind: 'TIME' } as SqlType,
  NULL: { kind: 'NULL' } as SqlType,
  array: (item: SqlType): SqlType => ({ kind: 'ARRAY', item }),
  map: (key: SqlType, value: SqlType): SqlType => ({ kind: 'MAP', key, value }),
  struct: (fields: StructField[]): SqlType => ({ kind: 'STRUCT', fields }),
  decimal: (precision: number, scale: number): SqlType => ({ kind: 'DECIMAL', precision, scale }),
};

/** Prints a type as ksqlDB does in messages and DESCRIBE (`STRUCT<\`F0\` STRING>`). */
export function typeToString(t: SqlType): string {
  switch (t.kind) {
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ARRAY':
      return `ARRAY<${typeToString(t.item)}>`;
    case 'MAP':
      return `MAP<${typeToString(t.key)}, ${typeToString(t.value)}>`;
    case 'STRUCT':
      return `STRUCT<${t.fields.map((f) => `\`${f.name}\` ${typeToString(f.type)}`).join(', ')}>`;
    default:
      return t.kind;
  }
}

export function typesEqual(a: SqlType, b: SqlType): boolean {
  return typeToString(a) === typeToString(b);
}

/** The kinds of the types that are no ARRAY, MAP or STRUCT (and not NULL). */
export const PRIMITIVE_KINDS: ReadonlySet<string> = new Set([
  'BOOLEAN',
  'INTEGER',
  'BIGINT',
  'DOUBLE',
  'DECIMAL',
  'STRING',
  'TIMESTAMP',
  'DATE',
  'TIME',
  'BYTES',
]);

export function isNumeric(t: SqlType): boolean {
  return t.kind === 'INTEGER' || t.kind === 'BIGINT' || t.kind === 'DOUBLE' || t.kind === 'DECIMAL';
}

const NUMERIC_RANK: Record<string, number> = { INTEGER: 1, BIGINT: 2, DECIMAL: 3, DOUBLE: 4 };

/** The result type of arithmetic on two numeric types (ksqlDB widens to the larger one). */
export function widerNumeric(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  if (a.kind === 'DECIMAL' && b.kind === 'DECIMAL') {
    const scale = Math.max(a.scale, b.scale);
    const whole = Math.max(a.precision - a.scale, b.precision - b.scale);
    return T.decimal(Math.min(whole + scale + 1, 38), scale);
  }
  return (NUMERIC_RANK[a.kind] ?? 0) >= (NUMERIC_RANK[b.kind] ?? 0) ? a : b;
}

/** A decimal type wide enough to hold an integer type (ksqlDB: INT → DECIMAL(10,0), BIGINT → (19,0)). */
export function asDecimal(t: SqlType): { precision: number; scale: number } {
  if (t.kind === 'DECIMAL') return t;
  if (t.kind === 'INTEGER') return { precision: 10, scale: 0 };
  return { precision: 19, scale: 0 };
}

/** True when a value of `from` may be used where `to` is expected without a CAST. */
export function implicitlyCoercible(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'NULL') return true;
  if (typesEqual(from, to)) return true;
  if (isNumeric(from) && isNumeric(to)) return (NUMERIC_RANK[from.kind] ?? 0) <= (NUMERIC_RANK[to.kind] ?? 0);
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') return implicitlyCoercible(from.item, to.item);
  if (from.kind === 'MAP' && to.kind === 'MAP')
    return implicitlyCoercible(from.value, to.value) && implicitlyCoercible(from.key, to.key);
  return false;
}

export function containsMap(t: SqlType): boolean {
  if (t.kind === 'MAP') return true;
  if (t.kind === 'ARRAY') return containsMap(t.item);
  if (t.kind === 'STRUCT') return t.fields.some((f) => containsMap(f.type));
  return false;
}
