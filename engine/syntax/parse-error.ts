// ParseError: the syntax phase's error, carrying the 1-based line and column of the offending
// token and the statement it happened in. Messages follow ksqlDB's wording so that QTT
// `expectedException` substrings match ("line 1:29: Syntax Error\nExpecting {…}\nStatement: …").
import { ZiemError } from '../../core/errors/ziem-error.js';

export interface ParseErrorParts {
  /** Lines before the statement text, starting with "line L:C: ...". */
  summary: string;
  /** Lines after the statement text (e.g. "Syntax error at or near 'X' at line L:C"). */
  trailer?: string;
  statementText?: string;
  hint?: string;
}

export class ParseError extends ZiemError {
  readonly line: number;
  readonly column: number;
  readonly statementText: string | undefined;
  private readonly parts: ParseErrorParts;

  constructor(line: number, column: number, parts: ParseErrorParts) {
    const lines = [parts.summary];
    if (parts.statementText !== undefined) lines.push(`Statement: ${parts.statementText}`);
    if (parts.trailer !== undefined) lines.push(parts.trailer);
    super('PARSE', lines.join('\n'), parts.hint === undefined ? {} : { hint: parts.hint });
    this.line = line;
    this.column = column;
    this.statementText = parts.statementText;
    this.parts = parts;
  }

  /** The same error naming the statement it occurred in (the parser adds it once known). */
  withStatement(statementText: string): ParseError {
    return new ParseError(this.line, this.column, { ...this.parts, statementText });
  }
}

/** Where a syntax error happened and what the parser would have accepted there. */
export interface SyntaxErrorSite {
  line: number;
  column: number;
  /** The offending token's text, or '<EOF>'. */
  near: string;
  /** What would have been accepted, in ksqlDB's display style ('KEY', IDENTIFIER, ';'). */
  expecting: readonly string[];
}

const CLOSERS = new Set(["')'", "']'", "'>'"]);

/**
 * ksqlDB (ANTLR) reports "missing ')' at ','" when one closing token is absent, otherwise
 * "Expecting {…}", and "Syntax error at or near 'X'" for a failed choice; we give the detail
 * line and the "at or near" line so either wording matches.
 */
export function syntaxError(site: SyntaxErrorSite): ParseError {
  const where = `${site.line}:${site.column}`;
  const unique = [...new Set(site.expecting)];
  const lines = [`line ${where}: Syntax Error`];
  if (unique.length === 1 && CLOSERS.has(unique[0] as string) && site.near !== '<EOF>') {
    lines.push(`missing ${unique[0]} at '${site.near}'`);
  } else if (unique.length > 0) {
    lines.push(`Expecting ${unique.length === 1 ? unique[0] : `{${unique.join(', ')}}`}`);
  }
  return new ParseError(site.line, site.column, {
    summary: lines.join('\n'),
    trailer: `Syntax error at or near '${site.near}' at line ${where}`,
    hint: 'check the statement near the reported line and column',
  });
}

/** A non-grammar problem found while parsing (bad literal, unsupported form), with position. */
export function parseProblem(line: number, column: number, message: string, hint?: string): ParseError {
  return new ParseError(line, column, { summary: `line ${line}:${column}: ${message}`, ...(hint ? { hint } : {}) });
}

/** An expression nested deeper than the parser's limit (ksql.expression.max.depth on the server). */
export function expressionTooDeep(line: number, column: number, max: number): ParseError {
  return parseProblem(
    line,
    column,
    `Expression nested deeper than ${max} levels (ksql.expression.max.depth)`,
    'flatten the expression: an IN list instead of a chain of ORs, fewer nested parentheses or calls',
  );
}
