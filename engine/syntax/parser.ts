// Entry points of the parser: split text into statements on `;` tokens, apply DEFINE/UNDEFINE
// and `${var}` substitution in order (as ksqlDB does), parse each statement and stamp its source
// text and start position. Also parses a lone expression or type (for tests and the planner).
import type { Expression, SqlType, Statement } from './ast.js';
import { Cursor, DEFAULT_MAX_EXPRESSION_DEPTH } from './cursor.js';
import { lex, type Token } from './lexer.js';
import type { StatementBody } from './parse-create.js';
import { expressionTooDeep, ParseError } from './parse-error.js';
import { nodeDepth } from './node-depth.js';
import { parseExpr } from './parse-expression.js';
import { parseStatementBody } from './parse-statement.js';
import { parseSqlType } from './parse-type.js';
import { expansionBudget, substituteVariables, variableTable } from './variables.js';

export interface ParseOptions {
  /** Session variables for `${name}` (names case-insensitive); DEFINE in the text adds to them. */
  variables?: Readonly<Record<string, string>>;
  /**
   * Variables that DEFINE/UNDEFINE in the text cannot change: `ziem ksql apply --define` values,
   * so a deployment can override the defaults a migration file DEFINEs.
   */
  fixedVariables?: Readonly<Record<string, string>>;
  /** Most characters `${var}` substitution may add to the whole text (unbounded when absent). */
  maxExpansionBytes?: number;
  /** Deepest expression nesting accepted (DEFAULT_MAX_EXPRESSION_DEPTH when absent). */
  maxExpressionDepth?: number;
}

/** Levels a statement's own structure (statement, query, select item, …) adds above its expressions. */
const STATEMENT_LEVELS = 8;

/**
 * Parses every statement in `sql`, applying DEFINE/UNDEFINE and `${var}` substitution in order.
 * Positions are relative to `sql`: ksqlDB's QTT runner joins a case's statements with '\n' and
 * parses them as one text, so do the same to match expected messages such as "... at line 2:47".
 */
export function parseStatements(sql: string, options: ParseOptions = {}): Statement[] {
  const vars = variableTable({ ...options.variables, ...options.fixedVariables });
  const fixed = new Set(Object.keys(options.fixedVariables ?? {}).map((k) => k.toUpperCase()));
  const budget = options.maxExpansionBytes === undefined ? undefined : expansionBudget(options.maxExpansionBytes);
  const maxDepth = options.maxExpressionDepth ?? DEFAULT_MAX_EXPRESSION_DEPTH;
  const statements: Statement[] = [];
  for (const chunk of splitTokens(lex(sql))) {
    const first = chunk[0] as Token;
    const last = chunk[chunk.length - 1] as Token;
    const raw = sql.slice(first.offset, last.end);
    const text = substituteVariables(raw, vars, first, budget);
    const tokens = text === raw ? [...chunk, eofAfter(last)] : lex(text, first);
    const stmt = parseWithContext(tokens, text, maxDepth);
    if (nodeDepth(stmt) > maxDepth + STATEMENT_LEVELS)
      throw expressionTooDeep(first.line, first.column, maxDepth).withStatement(text);
    const name = 'name' in stmt ? String(stmt.name).toUpperCase() : '';
    if (stmt.kind === 'DefineVariable' && !fixed.has(name)) vars.set(name, stmt.value);
    if (stmt.kind === 'UndefineVariable' && !fixed.has(name)) vars.delete(name);
    statements.push(stmt);
  }
  return statements;
}

/** Groups tokens into statements, each ending with its `;` (or at end of input, missing one). */
function splitTokens(tokens: readonly Token[]): Token[][] {
  const chunks: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.type === 'EOF') break;
    current.push(t);
    if (t.type === 'OP' && t.value === ';') {
      // A lone `;` is an empty statement: skipped, as ksqlDB's script splitter does.
      if (current.length > 1) chunks.push(current);
      current = [];
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function eofAfter(t: Token): Token {
  return {
    type: 'EOF',
    value: '',
    text: '',
    offset: t.end,
    end: t.end,
    line: t.line,
    column: t.column + t.text.length,
  };
}

function parseWithContext(tokens: readonly Token[], text: string, maxDepth: number): Statement {
  try {
    return parseOne(tokens, text, maxDepth);
  } catch (err) {
    throw err instanceof ParseError && err.statementText === undefined ? err.withStatement(text) : err;
  }
}

/** Offsets in `tokens` index into `text`, which starts at the first token. */
function parseOne(tokens: readonly Token[], text: string, maxDepth: number): Statement {
  const base = (tokens[0] as Token).offset;
  const c = new Cursor(
    tokens.map((t) => ({ ...t, offset: t.offset - base, end: t.end - base })),
    text,
  );
  c.maxExpressionDepth = maxDepth;
  const start = c.peek();
  const body: StatementBody = parseStatementBody(c);
  c.expectOp(';');
  if (c.peek().type !== 'EOF') throw c.fail(['<EOF>']);
  return { ...body, text, line: start.line, column: start.column } as Statement;
}

/** Parses a single expression, e.g. for tests or an expression given on the command line. */
export function parseExpression(text: string): Expression {
  const c = new Cursor(lex(text), text);
  const e = parseExpr(c);
  if (c.peek().type !== 'EOF') throw c.fail(['<EOF>']);
  return e;
}

/** Parses a single SQL type such as `STRUCT<A INT, B ARRAY<STRING>>`. */
export function parseType(text: string): SqlType {
  const c = new Cursor(lex(text), text);
  const t = parseSqlType(c);
  if (c.peek().type !== 'EOF') throw c.fail(['<EOF>']);
  return t;
}
