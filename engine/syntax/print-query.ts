// Prints queries in ksqlDB's SqlFormatter layout: `SELECT` items one per line when there are
// several, then FROM, WINDOW, WHERE, GROUP BY, PARTITION BY, HAVING, EMIT and LIMIT lines.
import type {
  Duration,
  Expression,
  JoinWithin,
  Property,
  Query,
  Relation,
  SelectItem,
  WindowExpression,
} from './ast.js';
import { formatIdentifier, needsQuotes } from './identifiers.js';
import { printExpression, quoteString } from './print-expression.js';

export function printQuery(q: Query): string {
  const lines: string[] = [];
  lines.push(
    q.select.length > 1
      ? 'SELECT\n' + q.select.map((s) => '  ' + printSelectItem(s)).join(',\n')
      : 'SELECT ' + printSelectItem(q.select[0] as SelectItem),
  );
  lines.push('FROM ' + printRelation(q.from));
  if (q.window) lines.push('WINDOW ' + printWindow(q.window));
  if (q.where) lines.push('WHERE ' + printExpression(q.where));
  if (q.groupBy) lines.push('GROUP BY ' + printGrouping(q.groupBy));
  if (q.partitionBy) lines.push('PARTITION BY ' + printGrouping(q.partitionBy));
  if (q.having) lines.push('HAVING ' + printExpression(q.having));
  if (q.refinement) lines.push('EMIT ' + q.refinement);
  if (q.limit !== undefined) lines.push('LIMIT ' + q.limit);
  return lines.join('\n');
}

/** An empty list is written `()`, which ksqlDB parses and then rejects with a clear message. */
function printGrouping(list: readonly Expression[]): string {
  return list.length === 0 ? '()' : list.map(printExpression).join(', ');
}

function printSelectItem(s: SelectItem): string {
  switch (s.kind) {
    case 'SelectAll':
      return s.source === undefined ? '*' : `${formatIdentifier(s.source)}.*`;
    case 'SelectStructAll':
      return `${printExpression(s.base)}->*`;
    case 'SelectSingle':
      return printExpression(s.expr) + (s.alias === undefined ? '' : ' ' + formatIdentifier(s.alias));
  }
}

const JOIN_WORDS = { INNER: 'INNER JOIN', LEFT: 'LEFT OUTER JOIN', RIGHT: 'RIGHT OUTER JOIN', FULL: 'FULL OUTER JOIN' };

export function printRelation(r: Relation): string {
  if (r.kind === 'AliasedSource') {
    return formatIdentifier(r.name) + (r.alias === undefined ? '' : ' ' + formatIdentifier(r.alias));
  }
  const within = r.within ? ' ' + printWithin(r.within) : '';
  return `${printRelation(r.left)}\n${JOIN_WORDS[r.type]} ${printRelation(r.right)}${within} ON (${printExpression(r.on)})`;
}

export function printDuration(d: Duration): string {
  return `${d.value} ${d.unit}`;
}

function printWithin(w: JoinWithin): string {
  const size = w.symmetric ? printDuration(w.before) : `(${printDuration(w.before)}, ${printDuration(w.after)})`;
  return `WITHIN ${size}` + (w.grace ? ` GRACE PERIOD ${printDuration(w.grace)}` : '');
}

export function printWindow(w: WindowExpression): string {
  const parts: string[] = [];
  if (w.kind === 'TumblingWindow') parts.push(`SIZE ${printDuration(w.size)}`);
  if (w.kind === 'HoppingWindow') parts.push(`SIZE ${printDuration(w.size)}`, `ADVANCE BY ${printDuration(w.advance)}`);
  if (w.kind === 'SessionWindow') parts.push(printDuration(w.gap));
  if (w.retention) parts.push(`RETENTION ${printDuration(w.retention)}`);
  if (w.grace) parts.push(`GRACE PERIOD ${printDuration(w.grace)}`);
  const type = w.kind === 'TumblingWindow' ? 'TUMBLING' : w.kind === 'HoppingWindow' ? 'HOPPING' : 'SESSION';
  return `${type} (${parts.join(', ')})`;
}

/** `(KAFKA_TOPIC='t', PARTITIONS=1)`; names that are not plain words are printed as strings. */
export function printProperties(props: readonly Property[]): string {
  const name = (n: string): string => (needsQuotes(n) ? quoteString(n) : n);
  return `(${props.map((p) => `${name(p.name)}=${printExpression(p.value)}`).join(', ')})`;
}
