// Test helper: parse → print → re-parse must give the same tree once source positions
// (statement text, line/column, expression `loc`) are removed.
import { expect } from 'vitest';
import { parseExpression, parseStatements, printExpression, printStatement } from '../../../../engine/syntax/index.js';
import type { Expression, Statement } from '../../../../engine/syntax/index.js';

const POSITION_KEYS = new Set(['loc', 'text', 'line', 'column']);

/** A deep copy without position fields, for comparing trees. */
export function stripPositions<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => stripPositions(n)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!POSITION_KEYS.has(k) && v !== undefined) out[k] = stripPositions(v);
  }
  return out as T;
}

/** Asserts every statement in `sql` round-trips; returns the parsed statements. */
export function expectStatementsRoundTrip(sql: string): Statement[] {
  const statements = parseStatements(sql);
  for (const s of statements) {
    const printed = printStatement(s);
    const reparsed = parseStatements(printed + ';');
    expect(reparsed, `printed as:\n${printed}`).toHaveLength(1);
    expect(stripPositions(reparsed[0]), `printed as:\n${printed}`).toEqual(stripPositions(s));
    // Printing is a fixed point: the re-parsed tree prints to the same text.
    expect(printStatement(reparsed[0] as Statement)).toBe(printed);
  }
  return statements;
}

export function expectExpressionRoundTrip(text: string): Expression {
  const e = parseExpression(text);
  const printed = printExpression(e);
  expect(stripPositions(parseExpression(printed)), `printed as: ${printed}`).toEqual(stripPositions(e));
  return e;
}
