// The common type of a list the user wrote (`x IN (…)` with its value, the elements of
// ARRAY[…], the keys or the values of MAP(…)), by ksqlDB's documented coercion rules: numbers
// widen to the widest (INT → BIGINT → DECIMAL → DOUBLE), constructors and structs merge
// element-wise (a struct takes the union of the fields), and a literal coerces more freely than
// a column: any literal to STRING, a STRING literal holding a number to a number wide enough for
// it, one holding a boolean word to BOOLEAN, one holding a date or time to the temporal type.
// What does not fit fails with ksqlDB's messages ("invalid input syntax for type …", "operator
// does not exist: …"). `literalValue` gives a literal's value in the common type.
import { PlanError } from '../errors.js';
import { isLiteral, printExpression, type Expression } from '../syntax/index.js';
import { T, isNumeric, typeToString, typesEqual, asDecimal, type SqlType } from '../types/sql-types.js';
import type { Value } from '../types/values.js';

export type TypeOf = (e: Expression) => SqlType;

const RANK: Record<string, number> = { INTEGER: 1, BIGINT: 2, DECIMAL: 3, DOUBLE: 4 };
const TEMPORAL = new Set(['TIMESTAMP', 'DATE', 'TIME']);
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n']);

/** The wider of two numeric types; decimals keep the larger integer part and the larger scale. */
function widenNumbers(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE') return T.DOUBLE;
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    const x = asDecimal(a);
    const y = asDecimal(b);
    const scale = Math.max(x.scale, y.scale);
    return T.decimal(Math.min(Math.max(x.precision - x.scale, y.precision - y.scale) + scale, 38), scale);
  }
  return (RANK[a.kind] ?? 0) >= (RANK[b.kind] ?? 0) ? a : b;
}

/** The type of the number a STRING literal holds, or undefined when it holds none. */
export function numberTextType(text: string): SqlType | undefined {
  const t = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  if (/^[-+]?\d+$/.test(t)) {
    const n = BigInt(t);
    if (n > -2147483648n && n < 2147483647n) return T.INTEGER;
    if (n > -9223372036854775808n && n < 9223372036854775807n) return T.BIGINT;
  }
  const m = /^[-+]?(\d*)\.?(\d*)(?:[eE]([-+]?\d+))?$/.exec(t)!;
  const digits = `${m[1] ?? ''}${m[2] ?? ''}`.replace(/^0+(?=\d)/, '');
  const scale = (m[2] ?? '').length - Number(m[3] ?? 0);
  const precision = Math.max(digits.replace(/^0+/, '').length, 1);
  return scale < 0 ? T.decimal(precision - scale, 0) : T.decimal(Math.max(precision, scale), scale);
}

export function booleanWord(text: string): boolean | undefined {
  const w = text.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}

function invalidSyntax(value: string, target: SqlType): PlanError {
  return new PlanError(`invalid input syntax for type ${target.kind}: "${value}".`);
}

function noOperator(e: Expression, source: SqlType, target: SqlType): PlanError {
  return new PlanError(
    `operator does not exist: ${typeToString(target)} = ${typeToString(source)} (${printExpression(e)})\nHint: You might need to add explicit type casts.`,
  );
}

/** Whether `from` coerces to `to` (literal: the looser rules); the type both take, if so. */
function coerceTo(from: SqlType, to: SqlType, literal: boolean): SqlType | undefined {
  if (typesEqual(from, to)) return to;
  if (isNumeric(from) && isNumeric(to))
    return (RANK[from.kind] ?? 0) <= (RANK[to.kind] ?? 0) ? widenNumbers(from, to) : undefined;
  if (literal && to.kind === 'STRING') return T.STRING;
  if (literal && from.kind === 'STRING' && TEMPORAL.has(to.kind)) return to;
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') {
    const item = coerceTo(from.item, to.item, false);
    return item && T.array(item);
  }
  if (from.kind === 'MAP' && to.kind === 'MAP') {
    const key = coerceTo(from.key, to.key, false);
    const value = coerceTo(from.value, to.value, false);
    return key && value && T.map(key, value);
  }
  if (from.kind === 'STRUCT' && to.kind === 'STRUCT') return mergeStructs(from, to, (a, b) => coerceTo(a, b, false));
  return undefined;
}

function mergeStructs(
  a: Extract<SqlType, { kind: 'STRUCT' }>,
  b: Extract<SqlType, { kind: 'STRUCT' }>,
  both: (x: SqlType, y: SqlType) => SqlType | undefined,
): SqlType | undefined {
  const names = [...new Set([...a.fields.map((f) => f.name), ...b.fields.map((f) => f.name)])];
  const fields: Array<{ name: string; type: SqlType }> = [];
  for (const name of names) {
    const x = a.fields.find((f) => f.name === name)?.type;
    const y = b.fields.find((f) => f.name === name)?.type;
    const type = x && y ? both(x, y) : (x ?? y);
    if (!type) return undefined;
    fields.push({ name, type });
  }
  return T.struct(fields);
}

class ListCoercer {
  constructor(private readonly typeOf: TypeOf) {}

  common(items: readonly Expression[], start?: SqlType): SqlType | undefined {
    let acc = start;
    for (const e of items) acc = this.step(e, acc);
    return acc;
  }

  private step(e: Expression, acc: SqlType | undefined): SqlType | undefined {
    const type = this.typeOf(e);
    if (acc === undefined) return type.kind === 'NULL' ? undefined : type;
    if (type.kind === 'NULL') return acc;
    if (e.kind === 'ArrayConstructor') {
      if (acc.kind !== 'ARRAY') throw noOperator(e, type, acc);
      return T.array(this.nested(e, type, acc, acc.item, e.items));
    }
    if (e.kind === 'MapConstructor') {
      if (acc.kind !== 'MAP') throw noOperator(e, type, acc);
      const key = this.nested(
        e,
        type,
        acc,
        acc.key,
        e.entries.map((x) => x.key),
      );
      const value = this.nested(
        e,
        type,
        acc,
        acc.value,
        e.entries.map((x) => x.value),
      );
      return T.map(key, value);
    }
    if (e.kind === 'StructConstructor') {
      if (acc.kind !== 'STRUCT') throw noOperator(e, type, acc);
      const names = [...new Set([...e.fields.map((f) => f.name), ...acc.fields.map((f) => f.name)])];
      return T.struct(
        names.map((name) => {
          const own = e.fields.find((f) => f.name === name);
          const target = acc.fields.find((f) => f.name === name)?.type;
          if (!own) return { name, type: target! };
          if (!target) return { name, type: this.typeOf(own.value) };
          return { name, type: this.nestedOne(e, type, acc, target, own.value) };
        }),
      );
    }
    if (e.kind === 'StringLiteral') {
      if (isNumeric(acc)) {
        const own = numberTextType(e.value);
        if (!own) throw invalidSyntax(e.value, acc);
        return widenNumbers(own, acc);
      }
      if (acc.kind === 'BOOLEAN') {
        if (booleanWord(e.value) === undefined) throw invalidSyntax(e.value, acc);
        return acc;
      }
    }
    const literal = isLiteral(e);
    const common = coerceTo(type, acc, literal) ?? coerceTo(acc, type, literal);
    if (!common) throw noOperator(e, type, acc);
    return common;
  }

  private nested(e: Expression, type: SqlType, acc: SqlType, target: SqlType, items: readonly Expression[]): SqlType {
    try {
      return this.common(items, target) ?? target;
    } catch (err) {
      if (err instanceof PlanError && err.message.startsWith('operator does not exist')) throw noOperator(e, type, acc);
      throw err;
    }
  }

  private nestedOne(e: Expression, type: SqlType, acc: SqlType, target: SqlType, item: Expression): SqlType {
    return this.nested(e, type, acc, target, [item]);
  }
}

/** The common type of `items`, undefined when all are NULL literals (or there are none). */
export function commonListType(items: readonly Expression[], typeOf: TypeOf): SqlType | undefined {
  return new ListCoercer(typeOf).common(items);
}

/** A literal's value in the type its list coerced it to. */
export function literalValue(e: Expression, to: SqlType): Value | undefined {
  if (e.kind === 'StringLiteral') {
    if (isNumeric(to)) {
      const n = Number(e.value.trim());
      return to.kind === 'INTEGER' ? n | 0 : n;
    }
    if (to.kind === 'BOOLEAN') return booleanWord(e.value) ?? null;
  }
  return undefined;
}
