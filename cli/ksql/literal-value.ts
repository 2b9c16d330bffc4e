// Turns the literal expressions of an INSERT … VALUES statement into the JSON values that
// /inserts-stream takes. Only literals (and ARRAY/MAP/STRUCT of literals, negated numbers) are
// accepted: anything needing evaluation is refused with the expression named.
import { printExpression, type Expression } from '../../engine/syntax/index.js';
import { ZiemError } from '../../core/errors/ziem-error.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function literalValue(e: Expression, where: string): Json {
  switch (e.kind) {
    case 'NullLiteral':
      return null;
    case 'BooleanLiteral':
    case 'StringLiteral':
    case 'IntegerLiteral':
    case 'DoubleLiteral':
      return e.value;
    case 'BigIntLiteral':
    case 'DecimalLiteral':
      return Number(e.value);
    case 'ArithmeticUnary': {
      const v = literalValue(e.operand, where);
      if (typeof v !== 'number') break;
      return e.op === '-' ? -v : v;
    }
    case 'ArrayConstructor':
      return e.items.map((i) => literalValue(i, where));
    case 'MapConstructor':
      return Object.fromEntries(
        e.entries.map((en) => [String(literalValue(en.key, where)), literalValue(en.value, where)]),
      );
    case 'StructConstructor':
      return Object.fromEntries(e.fields.map((f) => [f.name, literalValue(f.value, where)]));
    default:
      break;
  }
  throw new ZiemError(
    'INSERT_VALUES',
    `${where}: only literal values are supported in INSERT … VALUES, got ${printExpression(e)}`,
    {
      hint: 'use literals, or an INSERT INTO … SELECT statement',
    },
  );
}
