// Expression parser, precedence lowest first as in ksqlDB: OR < AND < NOT < predicates
// (comparison, IS, LIKE, BETWEEN, IN) < `||` < + - < * / % < unary < postfix (`->`, `[]`).
// Primary expressions (literals, calls, constructors, CASE, CAST) live in parse-primary.ts.
import type { ComparisonOp, Expression, Loc } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseProblem } from './parse-error.js';
import { numericLiteral, parsePrimary } from './parse-primary.js';

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export function parseExpr(c: Cursor): Expression {
  c.enterExpression();
  try {
    return parseOr(c);
  } finally {
    c.leaveExpression();
  }
}

function parseOr(c: Cursor): Expression {
  let left = parseAnd(c);
  while (c.isKeyword('OR')) {
    const loc = c.loc();
    c.next();
    left = { kind: 'LogicalBinary', op: 'OR', left, right: parseAnd(c), loc: left.loc ?? loc };
  }
  return left;
}

function parseAnd(c: Cursor): Expression {
  let left = parseNot(c);
  while (c.isKeyword('AND')) {
    const loc = c.loc();
    c.next();
    left = { kind: 'LogicalBinary', op: 'AND', left, right: parseNot(c), loc: left.loc ?? loc };
  }
  return left;
}

function parseNot(c: Cursor): Expression {
  if (c.isKeyword('NOT')) {
    const loc = c.loc();
    c.next();
    return { kind: 'Not', operand: parseNot(c), loc };
  }
  return parsePredicated(c);
}

function parsePredicated(c: Cursor): Expression {
  const value = parseValueExpr(c);
  const t = c.peek();
  // Predicates are located where their left operand starts, like every binary form.
  const loc: Loc = value.loc ?? { line: t.line, column: t.column };
  if (t.type === 'OP' && COMPARISONS[t.value]) {
    c.next();
    return { kind: 'Comparison', op: COMPARISONS[t.value] as ComparisonOp, left: value, right: parseValueExpr(c), loc };
  }
  if (c.isKeyword('IS')) return parseIs(c, value, loc);
  const negated = c.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE'].some((k) => c.isKeyword(k, 1));
  if (negated) c.next();
  if (c.acceptKeyword('BETWEEN')) {
    const low = parseValueExpr(c);
    c.expectKeyword('AND');
    return { kind: 'Between', value, low, high: parseValueExpr(c), negated, loc };
  }
  if (c.acceptKeyword('IN')) {
    c.expectOp('(');
    const list = [parseExpr(c)];
    while (c.acceptOp(',')) list.push(parseExpr(c));
    c.expectOp(')');
    return { kind: 'InList', value, list, negated, loc };
  }
  if (c.acceptKeyword('LIKE')) {
    const pattern = parseValueExpr(c);
    if (!c.acceptKeyword('ESCAPE')) return { kind: 'Like', value, pattern, negated, loc };
    const t = c.peek();
    const escape = c.string();
    if ([...escape].length !== 1) {
      throw parseProblem(t.line, t.column, `Expected single character escape but got: ${t.text}`);
    }
    return { kind: 'Like', value, pattern, escape, negated, loc };
  }
  return value;
}

function parseIs(c: Cursor, value: Expression, loc: Loc): Expression {
  c.next();
  const not = c.acceptKeyword('NOT');
  if (c.acceptKeyword('NULL')) return { kind: 'IsNull', operand: value, negated: not, loc };
  if (!c.isKeyword('DISTINCT')) throw c.fail(not ? ["'NULL'", "'DISTINCT'"] : ["'NOT'", "'NULL'", "'DISTINCT'"]);
  c.next();
  c.expectKeyword('FROM');
  const op: ComparisonOp = not ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
  return { kind: 'Comparison', op, left: value, right: parseValueExpr(c), loc };
}

/** ksqlDB's valueExpression: arithmetic and `||` (which ksqlDB turns into CONCAT). */
export function parseValueExpr(c: Cursor): Expression {
  let left = parseAdditive(c);
  while (c.isOp('||')) {
    const loc = c.loc();
    c.next();
    left = { kind: 'FunctionCall', name: 'CONCAT', args: [left, parseAdditive(c)], star: false, loc: left.loc ?? loc };
  }
  return left;
}

function parseAdditive(c: Cursor): Expression {
  let left = parseMultiplicative(c);
  while (c.isOp('+') || c.isOp('-')) {
    const t = c.next();
    const right = parseMultiplicative(c);
    left = { kind: 'ArithmeticBinary', op: t.value as '+' | '-', left, right, loc: left.loc ?? c.loc(t) };
  }
  return left;
}

function parseMultiplicative(c: Cursor): Expression {
  let left = parseUnary(c);
  while (c.isOp('*') || c.isOp('/') || c.isOp('%')) {
    const t = c.next();
    const right = parseUnary(c);
    left = { kind: 'ArithmeticBinary', op: t.value as '*' | '/' | '%', left, right, loc: left.loc ?? c.loc(t) };
  }
  return left;
}

function parseUnary(c: Cursor): Expression {
  if (!c.isOp('-') && !c.isOp('+')) return parsePostfix(c);
  const t = c.next();
  // ksqlDB's grammar reads `-1` as one negative literal (so -2147483648 is still an INT).
  const n = c.peek();
  if (t.value === '-' && (n.type === 'INTEGER' || n.type === 'DECIMAL' || n.type === 'FLOAT')) {
    c.next();
    return numericLiteral(n, true, c.loc(t));
  }
  return { kind: 'ArithmeticUnary', op: t.value as '+' | '-', operand: parseUnary(c), loc: c.loc(t) };
}

/** Postfix struct dereference and subscripts; `->*` is left for the select item. */
export function parsePostfix(c: Cursor): Expression {
  let e = parsePrimary(c);
  for (;;) {
    if (c.isOp('->') && !c.isOp('*', 1)) {
      c.next();
      e = { kind: 'Dereference', base: e, field: c.identifier(), loc: e.loc ?? c.loc() };
    } else if (c.isOp('[')) {
      const loc = e.loc ?? c.loc();
      c.next();
      const index = parseValueExpr(c);
      c.expectOp(']');
      e = { kind: 'Subscript', base: e, index, loc };
    } else {
      return e;
    }
  }
}
