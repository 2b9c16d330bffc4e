// Parses SQL types: primitives (INT/INTEGER, VARCHAR/STRING normalised), DECIMAL(p, s),
// ARRAY<T>, MAP<K, V>, STRUCT<name T, ...> and custom type names registered with CREATE TYPE.
import type { PrimitiveTypeName, SqlType } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseProblem } from './parse-error.js';

const PRIMITIVES: Readonly<Record<string, PrimitiveTypeName>> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  BYTES: 'BYTES',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
};

const TYPE_START = ["'ARRAY'", "'MAP'", "'STRUCT'", "'DECIMAL'", 'IDENTIFIER'];

export function parseSqlType(c: Cursor): SqlType {
  const t = c.peek();
  if (t.type === 'IDENT') {
    if (t.value === 'ARRAY' && c.isOp('<', 1)) return arrayType(c);
    if (t.value === 'MAP' && c.isOp('<', 1)) return mapType(c);
    if (t.value === 'STRUCT' && c.isOp('<', 1)) return structType(c);
    if (t.value === 'DECIMAL') return decimalType(c);
  }
  if (!c.atIdentifier()) throw c.fail(TYPE_START);
  const quoted = t.type === 'QUOTED_IDENT';
  const name = c.identifier();
  const primitive = quoted ? undefined : PRIMITIVES[name];
  if (c.isOp('(')) typeParameters(c, name, primitive);
  return primitive ? { kind: 'PrimitiveType', name: primitive } : { kind: 'CustomType', name };
}

/**
 * ksqlDB's grammar allows `(param, ...)` after any base type; it accepts the legacy spelling
 * `VARCHAR(STRING)` (= STRING) and nothing else carries parameters but DECIMAL.
 */
function typeParameters(c: Cursor, name: string, primitive: PrimitiveTypeName | undefined): void {
  const open = c.next();
  const params: string[] = [];
  do {
    const t = c.peek();
    if (t.type !== 'INTEGER' && !c.isKeyword('STRING')) throw c.fail(["'STRING'", 'INTEGER_VALUE']);
    params.push(c.next().value);
  } while (c.acceptOp(','));
  if (!c.isOp(')')) throw c.fail(["','", "')'"]);
  c.next();
  if (primitive === 'STRING' && params.length === 1 && params[0] === 'STRING') return;
  throw parseProblem(
    open.line,
    open.column,
    `Unexpected type parameters for ${name}(${params.join(', ')}): only DECIMAL(precision, scale) takes parameters`,
  );
}

function arrayType(c: Cursor): SqlType {
  c.next();
  c.expectOp('<');
  const element = parseSqlType(c);
  c.expectOp('>');
  return { kind: 'ArrayType', element };
}

function mapType(c: Cursor): SqlType {
  c.next();
  c.expectOp('<');
  const key = parseSqlType(c);
  c.expectOp(',');
  const value = parseSqlType(c);
  c.expectOp('>');
  return { kind: 'MapType', key, value };
}

function structType(c: Cursor): SqlType {
  c.next();
  c.expectOp('<');
  const fields: { name: string; type: SqlType }[] = [];
  if (!c.isOp('>')) {
    do {
      const name = c.identifier();
      fields.push({ name, type: parseSqlType(c) });
    } while (c.acceptOp(','));
  }
  c.expectOp('>');
  return { kind: 'StructType', fields };
}

function decimalType(c: Cursor): SqlType {
  const start = c.next();
  c.expectOp('(');
  const precision = c.integer();
  c.expectOp(',');
  const scale = c.integer();
  c.expectOp(')');
  if (precision < 1) {
    throw parseProblem(start.line, start.column, `DECIMAL precision must be >= 1: DECIMAL(${precision}, ${scale})`);
  }
  if (scale > precision) {
    throw parseProblem(
      start.line,
      start.column,
      `DECIMAL scale must be equal to or less than precision: DECIMAL(${precision}, ${scale})`,
    );
  }
  return { kind: 'DecimalType', precision, scale };
}
