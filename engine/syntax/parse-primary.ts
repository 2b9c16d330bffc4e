// Primary expressions: literals, column references, function calls (with `*`, time-unit and
// lambda arguments), ARRAY/MAP/STRUCT constructors, CASE, CAST and parentheses.
import type { Expression, Loc, TimeUnit, WhenClause } from './ast.js';
import { unresolvedVariable, type Cursor } from './cursor.js';
import type { Token } from './lexer.js';
import { parseExpr, parseValueExpr } from './parse-expression.js';
import { parseProblem } from './parse-error.js';
import { parseSqlType } from './parse-type.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Units ksqlDB reserves, so a bare one as a function argument is a time unit, not a column. */
const RESERVED_UNITS: Readonly<Record<string, TimeUnit>> = {
  MILLISECOND: 'MILLISECONDS',
  MILLISECONDS: 'MILLISECONDS',
  SECONDS: 'SECONDS',
  MINUTES: 'MINUTES',
  HOURS: 'HOURS',
  DAYS: 'DAYS',
};

const EXPRESSION_START = ['an expression'];

/** INTEGER/DECIMAL/FLOAT token (optionally after a folded minus) to the literal ksqlDB builds. */
export function numericLiteral(t: Token, negative: boolean, loc: Loc): Expression {
  const text = (negative ? '-' : '') + t.value;
  if (t.type === 'DECIMAL') return { kind: 'DecimalLiteral', value: text, loc };
  if (t.type === 'FLOAT') {
    const value = Number(text);
    if (!Number.isFinite(value)) throw parseProblem(t.line, t.column, `Number overflows DOUBLE: ${text}`);
    return { kind: 'DoubleLiteral', value, loc };
  }
  const big = BigInt(text);
  if (big >= BigInt(INT_MIN) && big <= BigInt(INT_MAX)) return { kind: 'IntegerLiteral', value: Number(big), loc };
  if (big >= LONG_MIN && big <= LONG_MAX) return { kind: 'BigIntLiteral', value: big.toString(), loc };
  throw parseProblem(t.line, t.column, `Invalid numeric literal: ${text}`);
}

export function parsePrimary(c: Cursor): Expression {
  const t = c.peek();
  const loc = c.loc(t);
  switch (t.type) {
    case 'STRING':
      c.next();
      return { kind: 'StringLiteral', value: t.value, loc };
    case 'INTEGER':
    case 'DECIMAL':
    case 'FLOAT':
      c.next();
      return numericLiteral(t, false, loc);
    case 'VARIABLE':
      throw unresolvedVariable(t);
    case 'OP':
      if (t.value !== '(') throw c.fail(EXPRESSION_START);
      return parenthesized(c);
    case 'IDENT':
      return keywordPrimary(c, t, loc) ?? namePrimary(c, loc);
    case 'QUOTED_IDENT':
      return namePrimary(c, loc);
    default:
      throw c.fail(EXPRESSION_START);
  }
}

function parenthesized(c: Cursor): Expression {
  c.next();
  const e = parseExpr(c);
  c.expectOp(')');
  return e;
}

/** Forms introduced by a keyword; undefined when the word is just a name here. */
function keywordPrimary(c: Cursor, t: Token, loc: Loc): Expression | undefined {
  switch (t.value) {
    case 'NULL':
      c.next();
      return { kind: 'NullLiteral', loc };
    case 'TRUE':
    case 'FALSE':
      c.next();
      return { kind: 'BooleanLiteral', value: t.value === 'TRUE', loc };
    case 'CASE':
      return caseExpr(c, loc);
    case 'CAST':
      return castExpr(c, loc);
    case 'ARRAY':
      return c.isOp('[', 1) ? arrayExpr(c, loc) : undefined;
    case 'MAP':
      return c.isOp('(', 1) ? mapExpr(c, loc) : undefined;
    case 'STRUCT':
      return c.isOp('(', 1) ? structExpr(c, loc) : undefined;
    default:
      return c.peek(1).type === 'STRING' && (t.value === 'DECIMAL' || c.atIdentifier())
        ? typedLiteral(c, loc)
        : undefined;
  }
}

/** ksqlDB's `type 'text'` literal: only DECIMAL '1.50' exists; any other type is an error. */
function typedLiteral(c: Cursor, loc: Loc): Expression {
  const type = c.next();
  const text = c.string();
  if (type.value === 'DECIMAL' && /^-?(\d+\.?\d*|\.\d+)$/.test(text.trim())) {
    return { kind: 'DecimalLiteral', value: text.trim(), loc };
  }
  throw parseProblem(type.line, type.column, `Unknown type: ${type.value}, value: ${text}`);
}

function caseExpr(c: Cursor, loc: Loc): Expression {
  c.next();
  const operand = c.isKeyword('WHEN') ? undefined : parseValueExpr(c);
  const whens: WhenClause[] = [];
  do {
    c.expectKeyword('WHEN');
    const when = parseExpr(c);
    c.expectKeyword('THEN');
    whens.push({ when, then: parseExpr(c) });
  } while (c.isKeyword('WHEN'));
  const elseExpr = c.acceptKeyword('ELSE') ? parseExpr(c) : undefined;
  if (!c.isKeyword('END')) throw c.fail(["'WHEN'", "'ELSE'", "'END'"]);
  c.next();
  const tail = elseExpr ? { else: elseExpr } : {};
  return operand ? { kind: 'SimpleCase', operand, whens, ...tail, loc } : { kind: 'SearchedCase', whens, ...tail, loc };
}

function castExpr(c: Cursor, loc: Loc): Expression {
  c.next();
  c.expectOp('(');
  const expr = parseExpr(c);
  c.expectKeyword('AS');
  const type = parseSqlType(c);
  c.expectOp(')');
  return { kind: 'Cast', expr, type, loc };
}

function arrayExpr(c: Cursor, loc: Loc): Expression {
  c.next();
  c.expectOp('[');
  const items: Expression[] = [];
  if (!c.isOp(']')) {
    do items.push(parseExpr(c));
    while (c.acceptOp(','));
  }
  c.expectOp(']');
  return { kind: 'ArrayConstructor', items, loc };
}

function mapExpr(c: Cursor, loc: Loc): Expression {
  c.next();
  c.expectOp('(');
  const entries: { key: Expression; value: Expression }[] = [];
  if (!c.isOp(')')) {
    do {
      const key = parseExpr(c);
      c.expectOp(':=');
      entries.push({ key, value: parseExpr(c) });
    } while (c.acceptOp(','));
  }
  c.expectOp(')');
  return { kind: 'MapConstructor', entries, loc };
}

function structExpr(c: Cursor, loc: Loc): Expression {
  c.next();
  c.expectOp('(');
  const fields: { name: string; value: Expression }[] = [];
  if (!c.isOp(')')) {
    do {
      const name = c.identifier();
      c.expectOp(':=');
      fields.push({ name, value: parseExpr(c) });
    } while (c.acceptOp(','));
  }
  c.expectOp(')');
  return { kind: 'StructConstructor', fields, loc };
}

/** A column (`X`, `S.X`), a lambda variable, or a function call `F(...)`. */
function namePrimary(c: Cursor, loc: Loc): Expression {
  if (!c.atIdentifier()) throw c.fail(EXPRESSION_START);
  const quoted = c.peek().type === 'QUOTED_IDENT';
  const name = c.identifier();
  if (c.isOp('(')) return functionCall(c, name, loc);
  if (c.isOp('.') && !c.isOp('*', 1)) {
    c.next();
    return { kind: 'ColumnRef', source: name, name: c.identifier(), loc };
  }
  if (!quoted && c.lambdaScopes.some((s) => s.includes(name))) return { kind: 'LambdaVariable', name, loc };
  return { kind: 'ColumnRef', name, loc };
}

function functionCall(c: Cursor, name: string, loc: Loc): Expression {
  c.expectOp('(');
  if (c.isOp('*') && c.isOp(')', 1)) {
    c.next();
    c.next();
    return { kind: 'FunctionCall', name, args: [], star: true, loc };
  }
  const args: Expression[] = [];
  if (!c.isOp(')')) {
    do args.push(functionArgument(c));
    while (c.acceptOp(','));
  }
  c.expectOp(')');
  return { kind: 'FunctionCall', name, args, star: false, loc };
}

function functionArgument(c: Cursor): Expression {
  const t = c.peek();
  const unit = t.type === 'IDENT' ? RESERVED_UNITS[t.value] : undefined;
  if (unit && (c.isOp(',', 1) || c.isOp(')', 1))) {
    c.next();
    return { kind: 'IntervalUnitArg', unit, loc: c.loc(t) };
  }
  const params = lambdaParams(c);
  if (!params) return parseExpr(c);
  c.lambdaScopes.push(params);
  try {
    return { kind: 'Lambda', params, body: parseExpr(c), loc: c.loc(t) };
  } finally {
    c.lambdaScopes.pop();
  }
}

/** `x =>` or `(x, y) =>` ahead? Consumes through `=>` and returns the names, else nothing. */
function lambdaParams(c: Cursor): string[] | undefined {
  if (c.atIdentifier() && c.isOp('=>', 1)) {
    const name = c.identifier();
    c.next();
    return [name];
  }
  if (!c.isOp('(')) return undefined;
  let k = 1;
  while (c.atIdentifier(k) && (c.isOp(',', k + 1) || c.isOp(')', k + 1))) {
    if (c.isOp(')', k + 1)) {
      if (!c.isOp('=>', k + 2)) return undefined;
      c.next();
      const params: string[] = [];
      do params.push(c.identifier());
      while (c.acceptOp(','));
      c.expectOp(')');
      c.expectOp('=>');
      return params;
    }
    k += 2;
  }
  return undefined;
}
