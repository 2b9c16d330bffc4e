// Token cursor shared by the parser modules: look-ahead, keyword/operator matching, identifier
// rules (reserved words, quoting, variables) and syntax errors naming what was expected.
import { isReserved } from './identifiers.js';
import type { Token } from './lexer.js';
import { expressionTooDeep, parseProblem, syntaxError, type ParseError } from './parse-error.js';
import type { Loc } from './ast.js';

/** The deepest expression the parser reads unless told otherwise: far beyond hand-written SQL,
 *  well inside what the parser, planner and evaluator can recurse through. */
export const DEFAULT_MAX_EXPRESSION_DEPTH = 256;

export class Cursor {
  private i = 0;
  /** Names bound by enclosing lambdas, innermost last. */
  readonly lambdaScopes: string[][] = [];
  /** Optional things that were possible at token `notedAt` but absent; merged into errors there. */
  private noted: string[] = [];
  private notedAt = -1;
  /** How many parseExpr calls are open (parentheses, arguments, operands), and the most allowed. */
  private exprDepth = 0;
  maxExpressionDepth = DEFAULT_MAX_EXPRESSION_DEPTH;

  /** `source` is the text the tokens were lexed from (offsets index into it). */
  constructor(
    private readonly tokens: readonly Token[],
    readonly source = '',
  ) {}

  /** Enters one more level of expression nesting; past the limit the statement is refused. */
  enterExpression(): void {
    if (++this.exprDepth <= this.maxExpressionDepth) return;
    const t = this.peek();
    throw expressionTooDeep(t.line, t.column, this.maxExpressionDepth);
  }

  leaveExpression(): void {
    if (this.exprDepth > 0) this.exprDepth--;
  }

  peek(k = 0): Token {
    const t = this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
    return t as Token;
  }

  next(): Token {
    const t = this.peek();
    if (t.type !== 'EOF') this.i++;
    return t;
  }

  get index(): number {
    return this.i;
  }

  loc(t: Token = this.peek()): Loc {
    return { line: t.line, column: t.column };
  }

  /** An unquoted word equal to `kw` (keywords are never matched by quoted names). */
  isKeyword(kw: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'IDENT' && t.value === kw;
  }

  isOp(op: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'OP' && t.value === op;
  }

  acceptKeyword(...kws: string[]): boolean {
    for (let k = 0; k < kws.length; k++) if (!this.isKeyword(kws[k] as string, k)) return false;
    for (let k = 0; k < kws.length; k++) this.next();
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  expectKeyword(kw: string): Token {
    if (!this.isKeyword(kw)) throw this.fail([`'${kw}'`]);
    return this.next();
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.fail([`'${op}'`]);
    return this.next();
  }

  /** Is the current token usable as an identifier (non-reserved word, quoted or variable)? */
  atIdentifier(k = 0): boolean {
    const t = this.peek(k);
    if (t.type === 'QUOTED_IDENT' || t.type === 'VARIABLE') return true;
    return t.type === 'IDENT' && !isReserved(t.value);
  }

  /** Reads an identifier: unquoted names upper-cased, quoted ones kept as written. */
  identifier(what = 'IDENTIFIER'): string {
    const t = this.peek();
    if (t.type === 'VARIABLE') throw unresolvedVariable(t);
    if (t.type === 'IDENT' && isReserved(t.value)) {
      throw parseProblem(
        t.line,
        t.column,
        `"${t.text}" is a reserved keyword and it can't be used as an identifier. ` +
          `You can use it as an identifier by escaping it as \`${t.text}\``,
      );
    }
    if (t.type !== 'IDENT' && t.type !== 'QUOTED_IDENT') throw this.fail([what]);
    this.next();
    return t.value;
  }

  string(): string {
    const t = this.peek();
    if (t.type === 'VARIABLE') throw unresolvedVariable(t);
    if (t.type !== 'STRING') throw this.fail(['STRING']);
    this.next();
    return t.value;
  }

  integer(what = 'INTEGER_VALUE'): number {
    const t = this.peek();
    if (t.type !== 'INTEGER') throw this.fail([what]);
    this.next();
    const n = Number(t.value);
    if (!Number.isSafeInteger(n)) throw parseProblem(t.line, t.column, `Invalid numeric literal: ${t.text}`);
    return n;
  }

  /**
   * Records that optional `items` (e.g. the clauses that may still follow in a query) could have
   * appeared at the current token, so a later error here lists them, as ANTLR's expected sets do.
   */
  note(...items: string[]): void {
    if (this.notedAt !== this.i) {
      this.notedAt = this.i;
      this.noted = [];
    }
    this.noted.push(...items);
  }

  /** A syntax error at the current token, listing what would have been accepted. */
  fail(expecting: string[]): ParseError {
    const t = this.peek();
    if (t.type === 'VARIABLE') return unresolvedVariable(t);
    const optional = this.notedAt === this.i ? this.noted : [];
    return syntaxError({
      line: t.line,
      column: t.column,
      near: t.type === 'EOF' ? '<EOF>' : t.text,
      expecting: [...optional, ...expecting],
    });
  }
}

/** Variables are substituted before parsing; one still present was never defined. */
export function unresolvedVariable(t: Token): ParseError {
  return parseProblem(
    t.line,
    t.column,
    `Illegal argument at line ${t.line}:${t.column}. Variable '${t.text}' is not defined.`,
    `define it first with DEFINE ${t.value}='...'; or pass it as a session variable`,
  );
}
