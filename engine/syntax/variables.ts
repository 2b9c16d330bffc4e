// `${name}` substitution as ksqlDB does it: a variable standing for an identifier or literal is
// replaced by its value (which must be a valid name or literal), one inside a string literal is
// replaced in place with quotes escaped; undefined ones are left for the parser to report.
import { lex, type LexStart, type Token } from './lexer.js';
import { parseProblem } from './parse-error.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_@]*$/;
const QUOTED_NAME = /^(`([^`]|``)*`|"([^"]|"")*")$/;
const QUOTED_STRING = /^'([^']|'')*'$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Case-insensitive lookup table from a name → value record. */
export function variableTable(vars: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(vars).map(([k, v]) => [k.toUpperCase(), v]));
}

/** How many characters substitution may still add, shared by the statements of one text: each
 *  DEFINE may reference the one before, so without it a few hundred bytes expand without bound. */
export interface ExpansionBudget {
  readonly max: number;
  left: number;
}

export function expansionBudget(max: number): ExpansionBudget {
  return { max, left: max };
}

function spend(budget: ExpansionBudget | undefined, added: number, t: Token): void {
  if (budget === undefined || added <= 0) return;
  budget.left -= added;
  if (budget.left >= 0) return;
  throw parseProblem(
    t.line,
    t.column,
    `Variable substitution would add more than ${budget.max} bytes to the statements (ksql.variable.expansion.max.bytes)`,
    'define smaller variables, or fewer references to them',
  );
}

/**
 * Replaces `${var}` in `sql` with values from `vars` (names case-insensitive). `start` is the
 * position of the text's first character, so errors point into the enclosing file. With a
 * budget, substitution stops with a ParseError once it would add more than the budget allows.
 */
export function substituteVariables(
  sql: string,
  vars: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
  start: LexStart = { line: 1, column: 1 },
  budget?: ExpansionBudget,
): string {
  const table = vars instanceof Map ? vars : variableTable(vars as Record<string, string>);
  if (table.size === 0 || !sql.includes('${')) return sql;
  const parts: string[] = [];
  let last = 0;
  for (const t of lex(sql, start)) {
    const replacement =
      t.type === 'VARIABLE' ? variableValue(t, table) : t.type === 'STRING' ? inString(t, table, budget) : undefined;
    if (replacement === undefined) continue;
    if (t.type === 'VARIABLE') spend(budget, replacement.length - t.text.length, t);
    parts.push(sql.slice(last, t.offset), replacement);
    last = t.end;
  }
  parts.push(sql.slice(last));
  return parts.join('');
}

function variableValue(t: Token, table: ReadonlyMap<string, string>): string | undefined {
  const value = table.get(t.value.toUpperCase());
  if (value === undefined) return undefined;
  const v = value.trim();
  const ok =
    NAME.test(v) || QUOTED_NAME.test(v) || QUOTED_STRING.test(v) || NUMBER.test(v) || /^(true|false)$/i.test(v);
  if (!ok) {
    throw parseProblem(
      t.line,
      t.column,
      `Illegal argument at line ${t.line}:${t.column}. Variable ${t.text} must be an identifier ` +
        `(letters, digits and '_', not starting with '@') or a literal ('text', a number, true or false). Got: '${value}'`,
    );
  }
  return v;
}

function inString(t: Token, table: ReadonlyMap<string, string>, budget?: ExpansionBudget): string | undefined {
  if (!t.text.includes('${')) return undefined;
  return t.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_@]*)\}/g, (whole, name: string) => {
    const value = table.get(name.toUpperCase());
    if (value === undefined) return whole;
    // charged before the copy is made, so an expansion past the budget is never built
    spend(budget, value.length - whole.length, t);
    return value.replace(/'/g, "''");
  });
}
