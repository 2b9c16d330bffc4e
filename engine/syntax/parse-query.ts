// Parses SELECT queries: select items, FROM with joins (WITHIN), WINDOW, WHERE, GROUP BY,
// PARTITION BY, HAVING, EMIT CHANGES|FINAL and LIMIT, in ksqlDB's clause order.
import type {
  AliasedSource,
  Duration,
  Expression,
  JoinType,
  JoinWithin,
  Query,
  Relation,
  SelectItem,
  TimeUnit,
  WindowExpression,
} from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpr, parseValueExpr } from './parse-expression.js';

const UNITS: Readonly<Record<string, TimeUnit>> = {
  MILLISECOND: 'MILLISECONDS',
  MILLISECONDS: 'MILLISECONDS',
  SECOND: 'SECONDS',
  SECONDS: 'SECONDS',
  MINUTE: 'MINUTES',
  MINUTES: 'MINUTES',
  HOUR: 'HOURS',
  HOURS: 'HOURS',
  DAY: 'DAYS',
  DAYS: 'DAYS',
};
const UNIT_NAMES = Object.keys(UNITS).map((u) => `'${u}'`);

/** Words that end a select item or relation, so they are never taken as an alias. */
const CLAUSE_WORDS = new Set([
  'FROM',
  'WINDOW',
  'WHERE',
  'GROUP',
  'PARTITION',
  'HAVING',
  'EMIT',
  'LIMIT',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'OUTER',
  'WITHIN',
  'ON',
]);

export function parseQuery(c: Cursor): Query {
  c.expectKeyword('SELECT');
  const select = [selectItem(c)];
  while (c.acceptOp(',')) select.push(selectItem(c));
  if (!c.isKeyword('FROM')) throw c.fail(["','", "'FROM'"]);
  c.next();
  const q: Query = { kind: 'Query', select, from: relation(c) };
  if (clause(c, 'WINDOW')) q.window = windowExpr(c);
  if (clause(c, 'WHERE')) q.where = parseExpr(c);
  if (clause(c, 'GROUP', 'BY')) q.groupBy = expressionList(c);
  if (clause(c, 'PARTITION', 'BY')) q.partitionBy = expressionList(c);
  if (clause(c, 'HAVING')) q.having = parseExpr(c);
  if (clause(c, 'EMIT')) {
    if (c.acceptKeyword('CHANGES')) q.refinement = 'CHANGES';
    else if (c.acceptKeyword('FINAL')) q.refinement = 'FINAL';
    else throw c.fail(["'CHANGES'", "'FINAL'"]);
  }
  if (clause(c, 'LIMIT')) q.limit = c.integer();
  return q;
}

/** Takes an optional clause keyword (and its second word); notes it as possible when absent. */
function clause(c: Cursor, word: string, second?: string): boolean {
  if (!c.isKeyword(word)) {
    c.note(`'${word}'`);
    return false;
  }
  c.next();
  if (second) c.expectKeyword(second);
  return true;
}

function selectItem(c: Cursor): SelectItem {
  if (c.acceptOp('*')) return { kind: 'SelectAll' };
  if (c.atIdentifier() && c.isOp('.', 1) && c.isOp('*', 2)) {
    const source = c.identifier();
    c.next();
    c.next();
    return { kind: 'SelectAll', source };
  }
  const expr = parseExpr(c);
  if (c.isOp('->') && c.isOp('*', 1)) {
    c.next();
    c.next();
    return { kind: 'SelectStructAll', base: expr };
  }
  const alias = optionalAlias(c);
  return alias === undefined ? { kind: 'SelectSingle', expr } : { kind: 'SelectSingle', expr, alias };
}

/** `AS name` or a bare name that is not the next clause's keyword. */
function optionalAlias(c: Cursor): string | undefined {
  if (c.acceptKeyword('AS')) return c.identifier();
  const t = c.peek();
  if (t.type === 'IDENT' && CLAUSE_WORDS.has(t.value)) return undefined;
  return c.atIdentifier() ? c.identifier() : undefined;
}

/** `( a, b )` or `a, b`; ksqlDB allows `()` only to say "nothing" — which later phases reject. */
function expressionList(c: Cursor): Expression[] {
  if (c.isOp('(') && groupListIsParenthesised(c)) {
    c.next();
    const list: Expression[] = [];
    // Items here may be full expressions: `(NAME IS NULL)` is one parenthesised expression.
    if (!c.isOp(')')) {
      do list.push(parseExpr(c));
      while (c.acceptOp(','));
    }
    if (!c.isOp(')')) throw c.fail(["','", "')'"]);
    c.next();
    return list;
  }
  const list = [parseValueExpr(c)];
  while (c.acceptOp(',')) list.push(parseValueExpr(c));
  return list;
}

/** `GROUP BY (a, b)` lists two expressions while `GROUP BY (a + b) * 2` is one; look past `)`. */
function groupListIsParenthesised(c: Cursor): boolean {
  let depth = 0;
  for (let k = 0; ; k++) {
    const t = c.peek(k);
    if (t.type === 'EOF') return false;
    if (t.type !== 'OP') continue;
    if (t.value === '(' || t.value === '[') depth++;
    else if (t.value === ')' || t.value === ']') {
      depth--;
      if (depth === 0) {
        const after = c.peek(k + 1);
        return (
          after.type === 'EOF' ||
          (after.type === 'OP' && after.value === ';') ||
          (after.type === 'IDENT' && CLAUSE_WORDS.has(after.value))
        );
      }
    }
  }
}

function relation(c: Cursor): Relation {
  let rel: Relation = aliasedSource(c);
  for (;;) {
    const type = joinType(c);
    if (!type) return rel;
    const right = aliasedSource(c);
    const within = c.acceptKeyword('WITHIN') ? joinWithin(c) : undefined;
    c.expectKeyword('ON');
    const on = parseExpr(c);
    rel = within ? { kind: 'Join', left: rel, right, type, within, on } : { kind: 'Join', left: rel, right, type, on };
  }
}

function joinType(c: Cursor): JoinType | undefined {
  if (c.acceptKeyword('JOIN') || c.acceptKeyword('INNER', 'JOIN')) return 'INNER';
  for (const type of ['LEFT', 'RIGHT', 'FULL'] as const) {
    if (c.acceptKeyword(type, 'JOIN') || c.acceptKeyword(type, 'OUTER', 'JOIN')) return type;
  }
  return undefined;
}

function aliasedSource(c: Cursor): AliasedSource {
  const name = c.identifier();
  const alias = optionalAlias(c);
  return alias === undefined ? { kind: 'AliasedSource', name } : { kind: 'AliasedSource', name, alias };
}

function joinWithin(c: Cursor): JoinWithin {
  let w: JoinWithin;
  if (c.acceptOp('(')) {
    const before = duration(c);
    c.expectOp(',');
    const after = duration(c);
    c.expectOp(')');
    w = { before, after, symmetric: false };
  } else {
    const d = duration(c);
    w = { before: d, after: { ...d }, symmetric: true };
  }
  if (c.acceptKeyword('GRACE', 'PERIOD')) w.grace = duration(c);
  return w;
}

export function duration(c: Cursor): Duration {
  const value = c.integer();
  const u = c.peek();
  const unit = u.type === 'IDENT' ? UNITS[u.value] : undefined;
  if (!unit) throw c.fail(UNIT_NAMES);
  c.next();
  return { value, unit };
}

function windowExpr(c: Cursor): WindowExpression {
  // ksqlDB allows an optional window name before the type; it has no meaning, so it is skipped.
  if (
    c.peek().type === 'IDENT' &&
    !['TUMBLING', 'HOPPING', 'SESSION'].includes(c.peek().value) &&
    ['TUMBLING', 'HOPPING', 'SESSION'].some((k) => c.isKeyword(k, 1))
  ) {
    c.next();
  }
  let w: WindowExpression;
  if (c.acceptKeyword('TUMBLING')) {
    c.expectOp('(');
    c.expectKeyword('SIZE');
    w = { kind: 'TumblingWindow', size: duration(c) };
  } else if (c.acceptKeyword('HOPPING')) {
    c.expectOp('(');
    c.expectKeyword('SIZE');
    const size = duration(c);
    c.expectOp(',');
    c.expectKeyword('ADVANCE');
    c.expectKeyword('BY');
    w = { kind: 'HoppingWindow', size, advance: duration(c) };
  } else if (c.acceptKeyword('SESSION')) {
    c.expectOp('(');
    w = { kind: 'SessionWindow', gap: duration(c) };
  } else {
    throw c.fail(["'TUMBLING'", "'HOPPING'", "'SESSION'"]);
  }
  windowOptions(c, w);
  c.expectOp(')');
  return w;
}

function windowOptions(c: Cursor, w: WindowExpression): void {
  if (c.isOp(',') && c.isKeyword('RETENTION', 1)) {
    c.next();
    c.next();
    w.retention = duration(c);
  }
  if (c.isOp(',') && c.isKeyword('GRACE', 1)) {
    c.next();
    c.next();
    c.expectKeyword('PERIOD');
    w.grace = duration(c);
  }
  if (c.isOp(',')) {
    c.next();
    throw c.fail(w.grace ? [] : w.retention ? ["'GRACE'"] : ["'RETENTION'", "'GRACE'"]);
  }
}
