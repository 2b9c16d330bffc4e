// Prints expressions back to SQL in ksqlDB's ExpressionFormatter style: every binary or
// predicate form in parentheses (`(A + B)`, `(X IS NULL)`), so the text re-parses to the same
// tree and reads like ksqlDB's own error messages.
import { InternalError } from '../../core/errors/ziem-error.js';
import type { Expression } from './ast.js';
import { formatIdentifier } from './identifiers.js';
import { printType } from './print-type.js';

export function printExpression(e: Expression): string {
  switch (e.kind) {
    case 'IntegerLiteral':
      return String(e.value);
    case 'BigIntLiteral':
    case 'DecimalLiteral':
      return e.value;
    case 'DoubleLiteral':
      return printDouble(e.value);
    case 'StringLiteral':
      return quoteString(e.value);
    case 'BooleanLiteral':
      return String(e.value);
    case 'NullLiteral':
      return 'null';
    case 'ColumnRef':
      return (e.source === undefined ? '' : formatIdentifier(e.source) + '.') + formatIdentifier(e.name);
    case 'LambdaVariable':
      return formatIdentifier(e.name);
    case 'Dereference':
      return `${printExpression(e.base)}->${formatIdentifier(e.field)}`;
    case 'Subscript':
      return `${printExpression(e.base)}[${printExpression(e.index)}]`;
    case 'ArithmeticBinary':
    case 'Comparison':
    case 'LogicalBinary':
      return `(${printExpression(e.left)} ${e.op} ${printExpression(e.right)})`;
    case 'ArithmeticUnary':
      return printUnary(e.op, printExpression(e.operand));
    default:
      return printComplex(e);
  }
}

function printComplex(e: Expression): string {
  const not = (negated: boolean): string => (negated ? ' NOT' : '');
  switch (e.kind) {
    case 'Not':
      return `(NOT ${printExpression(e.operand)})`;
    case 'IsNull':
      return `(${printExpression(e.operand)} IS${not(e.negated)} NULL)`;
    case 'Like': {
      const escape = e.escape === undefined ? '' : ` ESCAPE ${quoteString(e.escape)}`;
      return `(${printExpression(e.value)}${not(e.negated)} LIKE ${printExpression(e.pattern)}${escape})`;
    }
    case 'Between':
      return `(${printExpression(e.value)}${not(e.negated)} BETWEEN ${printExpression(e.low)} AND ${printExpression(e.high)})`;
    case 'InList':
      return `(${printExpression(e.value)}${not(e.negated)} IN (${printList(e.list)}))`;
    case 'SearchedCase':
    case 'SimpleCase': {
      const parts = ['CASE'];
      if (e.kind === 'SimpleCase') parts.push(printExpression(e.operand));
      for (const w of e.whens) parts.push(`WHEN ${printExpression(w.when)} THEN ${printExpression(w.then)}`);
      if (e.else) parts.push('ELSE', printExpression(e.else));
      parts.push('END');
      return `(${parts.join(' ')})`;
    }
    case 'Cast':
      return `CAST(${printExpression(e.expr)} AS ${printType(e.type)})`;
    default:
      return printConstructed(e);
  }
}

function printConstructed(e: Expression): string {
  switch (e.kind) {
    case 'FunctionCall':
      return `${formatIdentifier(e.name)}(${e.star ? '*' : printList(e.args)})`;
    case 'Lambda':
      return `(${e.params.map(formatIdentifier).join(', ')}) => ${printExpression(e.body)}`;
    case 'IntervalUnitArg':
      return e.unit;
    case 'ArrayConstructor':
      return `ARRAY[${printList(e.items)}]`;
    case 'MapConstructor':
      return `MAP(${e.entries.map((en) => `${printExpression(en.key)}:=${printExpression(en.value)}`).join(', ')})`;
    case 'StructConstructor':
      return `STRUCT(${e.fields.map((f) => `${formatIdentifier(f.name)}:=${printExpression(f.value)}`).join(', ')})`;
    default:
      // Every other kind is handled by printExpression or printComplex before reaching here.
      throw new InternalError(`printExpression: unexpected node kind ${e.kind}`);
  }
}

function printList(list: readonly Expression[]): string {
  return list.map(printExpression).join(', ');
}

export function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Scientific notation keeps a DOUBLE a DOUBLE when re-parsed (`1.5` alone would be DECIMAL). */
function printDouble(v: number): string {
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  return `${mantissa}E${exponent.replace('+', '')}`;
}

function printUnary(op: '+' | '-', operand: string): string {
  // A space keeps `- -1` from becoming a `--` comment; parentheses keep `-(1)` from folding into
  // the literal -1 on re-parse.
  if (/^[0-9.]/.test(operand)) return `${op}(${operand})`;
  return op + (operand.startsWith('-') || operand.startsWith('+') ? ' ' : '') + operand;
}
