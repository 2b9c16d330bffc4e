// ksqlDB's rewritten text of a CREATE ... AS SELECT (as its SqlFormatter prints it: qualified
// columns, every projection aliased, one item per line, EMIT added). ksqlDB quotes it after
// "Statement:" in some errors; the REST API (part 2) returns it as statementText.
import { printExpression, type CreateAsSelect, type Expression, type Literal } from '../syntax/index.js';
import { rewrite } from '../types/walk.js';
import type { SelectPlanItem } from './logical-plan.js';

function literal(l: Literal): string {
  if (l.kind === 'StringLiteral') return `'${l.value.replace(/'/g, "''")}'`;
  if (l.kind === 'NullLiteral') return 'null';
  return String(l.value);
}

export function formatCreateAsSelect(s: CreateAsSelect, items: SelectPlanItem[], alias: string): string {
  const q = (e: Expression): string =>
    printExpression(
      rewrite(e, (x) =>
        x.kind === 'ColumnRef' && x.source === undefined
          ? { kind: 'ColumnRef', source: alias, name: x.name }
          : undefined,
      ),
    );
  const props =
    s.properties.length > 0 ? ` WITH (${s.properties.map((p) => `${p.name}=${literal(p.value)}`).join(', ')})` : '';
  const from = s.query.from.kind === 'AliasedSource' ? `${s.query.from.name} ${alias}` : alias;
  const lines = [
    `CREATE ${s.sourceType}${s.orReplace ? '' : ''} ${s.name}${props} AS SELECT`,
    items.map((i) => `  ${q(i.expr)} ${i.name}`).join(',\n'),
    `FROM ${from}`,
  ];
  if (s.query.where) lines.push(`WHERE ${q(s.query.where)}`);
  if (s.query.groupBy) lines.push(`GROUP BY ${s.query.groupBy.map(q).join(', ')}`);
  if (s.query.partitionBy) lines.push(`PARTITION BY ${s.query.partitionBy.map(q).join(', ')}`);
  if (s.query.having) lines.push(`HAVING ${q(s.query.having)}`);
  lines.push(`EMIT ${s.query.refinement ?? 'CHANGES'}`);
  return lines.join('\n');
}
