// Pull queries (a SELECT without EMIT): the current state of a table (latest value per key, read
// back from its topic) or the records of a stream so far, filtered by WHERE and projected. The
// engine keeps no queryable store yet, so this folds the topic each time (fine in memory). On a
// windowed table each row is one key's window, WINDOWSTART/WINDOWEND selectable and filterable.
import type { QueryStatement } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import type { SourceDef } from '../plan/catalog.js';
import { scopeOf, sourceLayout, typeOf, type Stage } from '../plan/scopes.js';
import { expandSelect, nameItems } from '../plan/select-items.js';
import { compileBool, compile } from '../exec/expression/compile.js';
import { makeSerde } from '../exec/serde/serde.js';
import { toJson, type Value } from '../types/values.js';
import { typeToString } from '../types/sql-types.js';
import type { TopicRecord } from '../exec/topic-driver.js';
import { statementError } from './rest-error.js';
import { splitWindowedKey } from '../exec/operators/source.js';
import { transientId, type QueryColumns } from './transient-query.js';

export interface PullResult extends QueryColumns {
  rows: unknown[][];
}

function refuse(s: QueryStatement): void {
  const q = s.query;
  const no = (what: string): never => {
    throw statementError(`Pull queries don't support ${what}.`, s.text);
  };
  if (q.from.kind !== 'AliasedSource') no('JOIN clauses');
  if (q.groupBy) no('GROUP BY clauses');
  if (q.partitionBy) no('PARTITION BY clauses');
  if (q.having) no('HAVING clauses');
  if (q.window) no('WINDOW clauses');
}

/** The table's current records: the last one per key, tombstones removing it. */
async function currentRecords(e: Engine, def: SourceDef): Promise<TopicRecord[]> {
  const records = await e.driver.snapshot(def.topic);
  if (def.kind === 'STREAM') return records.filter((r) => r.value !== null);
  const latest = new Map<string, TopicRecord>();
  for (const r of records) {
    const k = r.key ? r.key.toString('hex') : '';
    if (r.value === null) latest.delete(k);
    else latest.set(k, r);
  }
  return [...latest.values()];
}

function rowsOf(def: SourceDef, records: TopicRecord[]): Value[][] {
  const keys = def.columns.filter((c) => c.ns === 'KEY');
  const values = def.columns.filter((c) => c.ns !== 'KEY');
  const keySerde = makeSerde({
    format: def.keyFormat,
    columns: keys,
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
  });
  const valueSerde = makeSerde({
    format: def.valueFormat,
    columns: values.filter((c) => c.ns === 'VALUE'),
    isKey: false,
    wrapSingle: def.wrapSingleValue,
    delimiter: def.valueDelimiter,
    nullable: def.valueNullable,
  });
  const w = def.window;
  const out: Value[][] = [];
  for (const r of records) {
    try {
      const vs = valueSerde.deserialize(r.value);
      let vi = 0;
      const valueRow = values.map((c) => (c.ns === 'VALUE' ? (vs[vi++] ?? null) : null));
      // a windowed key is the key bytes and the window (sourceLayout puts WINDOWSTART/END last)
      const split = w && r.key ? splitWindowedKey(r.key, w.type === 'SESSION', w.sizeMs ?? 0) : undefined;
      const bounds = split ? [split.window.start, split.window.end] : [];
      const keyRow = keySerde.deserialize(split ? split.key : r.key);
      out.push([...keyRow, ...valueRow, r.timestamp, r.partition, r.offset ?? 0, ...bounds]);
    } catch {
      // an unreadable record is skipped here as it is by the queries reading the topic
    }
  }
  return out;
}

export async function runPullQuery(e: Engine, s: QueryStatement): Promise<PullResult> {
  refuse(s);
  const from = s.query.from as { name: string; alias?: string };
  const def = e.catalog.get(from.name);
  if (!def) throw statementError(`${from.name} does not exist.`, s.text);
  const ctx = e.compileContext('pull');
  const stage: Stage = { layout: sourceLayout(def), qualifiers: [...new Set([from.alias ?? def.name, def.name])] };
  const where = s.query.where ? compileBool(s.query.where, scopeOf(stage, 'WHERE'), ctx) : undefined;
  // SELECT * of a windowed source shows the window after the key columns, as ksqlDB does
  const visible = def.window
    ? [
        ...stage.layout.filter((c) => c.key && !c.pseudo),
        ...stage.layout.filter((c) => c.name === 'WINDOWSTART' || c.name === 'WINDOWEND'),
        ...stage.layout.filter((c) => !c.key && !c.pseudo),
      ]
    : stage.layout.filter((c) => !c.pseudo);
  const items = nameItems(
    expandSelect(
      s.query.select,
      visible,
      (x) => typeOf(x, stage, 'SELECT', e.planServices('pull')),
      new Set(stage.qualifiers),
    ),
    new Set(def.columns.map((c) => c.name)),
  );
  const compiled = items.map((i) => compile(i.expr, scopeOf(stage, 'SELECT'), ctx));
  const rows: unknown[][] = [];
  for (const row of rowsOf(def, await currentRecords(e, def))) {
    // LIMIT 0 returns no row
    if (s.query.limit !== undefined && rows.length >= s.query.limit) break;
    if (where && where(row) !== true) continue;
    rows.push(compiled.map((c) => toJson(c.eval(row), c.type)));
  }
  return {
    queryId: transientId(s),
    columnNames: items.map((i) => i.name),
    columnTypes: compiled.map((c) => typeToString(c.type)),
    rows,
  };
}
