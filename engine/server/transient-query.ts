// Push queries (SELECT … EMIT CHANGES [LIMIT n]): the engine has no transient-query API yet, so
// this plans the SELECT as a CREATE … AS SELECT into a tapped sink with JSON formats and decodes
// each output record back into a row. Rows reach the caller through a callback.
import { randomBytes } from 'node:crypto';
import type { CreateAsSelect, Property, QueryStatement } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import { RunningQuery } from '../runtime/running-query.js';
import { analyzeQuery } from '../plan/analyze-query.js';
import { planQuery } from '../plan/plan-query.js';
import type { Column } from '../plan/catalog.js';
import { makeSerde } from '../exec/serde/serde.js';
import { toJson } from '../types/values.js';
import { typeToString } from '../types/sql-types.js';
import type { TopicRecord } from '../exec/topic-driver.js';
import { TapDriver } from './tap-driver.js';
import { withHiddenKeys } from './push-projection.js';

export interface QueryColumns {
  queryId: string;
  columnNames: string[];
  columnTypes: string[];
}

export interface RowSink {
  row(values: unknown[], tombstone: boolean): void;
  /** The query stopped by itself (LIMIT reached). */
  end(reason: 'Limit Reached'): void;
  /** A row could not be delivered; the query has stopped. */
  fail(err: unknown): void;
}

export interface PlannedPushQuery extends QueryColumns {
  /** Starts delivery; existing records (auto.offset.reset=earliest) may arrive before it returns. */
  start(sink: RowSink): { close(): void };
}

const str = (value: string): Property['value'] => ({ kind: 'StringLiteral', value });

export function transientId(s: QueryStatement): string {
  const from = s.query.from.kind === 'AliasedSource' ? s.query.from.name : 'JOIN';
  return `transient_${from}_${BigInt.asUintN(63, randomBytes(8).readBigUInt64BE()).toString()}`;
}

function windowBytes(e: Engine, s: QueryStatement, resultWindowed: boolean): number {
  if (!resultWindowed) return 0;
  const agg = s.query.window;
  const src = s.query.from.kind === 'AliasedSource' ? e.catalog.get(s.query.from.name) : undefined;
  const kind = agg?.kind === 'SessionWindow' || (!agg && src?.window?.type === 'SESSION') ? 'SESSION' : 'TIME';
  return kind === 'SESSION' ? 16 : 8;
}

/** Output record (JSON key and value, window bytes trimmed) → row in `order`, as JSON values. */
function recordDecoder(
  output: Column[],
  order: Column[],
  trim: number,
): (rec: TopicRecord) => { row: unknown[]; tombstone: boolean } {
  const keys = output.filter((c) => c.ns === 'KEY');
  const values = output.filter((c) => c.ns !== 'KEY');
  const keySerde = makeSerde({ format: 'JSON', columns: keys, isKey: true, wrapSingle: false, delimiter: ',' });
  const valueSerde = makeSerde({ format: 'JSON', columns: values, isKey: false, wrapSingle: true, delimiter: ',' });
  return (rec) => {
    const keyBytes = rec.key && trim > 0 ? rec.key.subarray(0, rec.key.length - trim) : rec.key;
    const k = keys.length > 0 ? keySerde.deserialize(keyBytes) : [];
    const v = rec.value === null ? values.map(() => null) : valueSerde.deserialize(rec.value);
    const byName = new Map<string, unknown>();
    keys.forEach((c, i) => byName.set(c.name, toJson(k[i] ?? null, c.type)));
    values.forEach((c, i) => byName.set(c.name, toJson(v[i] ?? null, c.type)));
    return { row: order.map((c) => byName.get(c.name) ?? null), tombstone: rec.value === null };
  };
}

export function planPushQuery(e: Engine, s: QueryStatement): PlannedPushQuery {
  const id = transientId(s);
  const ctx = e.planServices(id);
  const sinkName = `ZIEM_${id.toUpperCase()}`;
  const { query, hidden } = withHiddenKeys(s.query, e.catalog);
  const a = analyzeQuery({ query, sinkName, catalog: e.catalog, ctx });
  const hasKey = a.items.some((i) => i.key);
  const properties: Property[] = [
    { name: 'KAFKA_TOPIC', value: str(`__${id}`) },
    { name: 'VALUE_FORMAT', value: str('JSON') },
  ];
  if (hasKey) properties.push({ name: 'KEY_FORMAT', value: str('JSON') });
  const create: CreateAsSelect = {
    kind: 'CreateAsSelect',
    sourceType: a.resultKind,
    orReplace: false,
    ifNotExists: false,
    name: sinkName,
    properties,
    query: { ...query, refinement: query.refinement ?? 'CHANGES' },
    text: s.text,
    line: s.line,
    column: s.column,
  };
  const plan = planQuery(create, { catalog: e.catalog, ctx, topicPrefix: '' });
  // ksqlDB returns a transient query's columns in SELECT order, not keys first
  const shown = plan.output.filter((c) => !hidden.has(c.name));
  const written = a.namedItems
    .filter((i) => !hidden.has(i.name))
    .map((i) => shown.find((c) => c.name === i.name))
    .filter((c): c is Column => c !== undefined);
  const order = written.length === shown.length ? written : shown;
  const decode = recordDecoder(plan.output, order, windowBytes(e, s, a.windowed));
  const from =
    (e.props['auto.offset.reset'] ?? e.props['ksql.streams.auto.offset.reset'] ?? 'latest').toLowerCase() === 'earliest'
      ? 'earliest'
      : 'latest';
  const source = a.source.name;
  return {
    queryId: id,
    columnNames: order.map((c) => c.name),
    columnTypes: order.map((c) => typeToString(c.type)),
    start(sink) {
      return startTapped(e, { id, plan, text: s.text, sinkName, source, from, limit: s.query.limit, decode, sink });
    },
  };
}

interface TapInput {
  id: string;
  plan: ReturnType<typeof planQuery>;
  text: string;
  sinkName: string;
  source: string;
  from: 'earliest' | 'latest';
  limit: number | undefined;
  decode: (rec: TopicRecord) => { row: unknown[]; tombstone: boolean };
  sink: RowSink;
}

function startTapped(e: Engine, t: TapInput): { close(): void } {
  if (t.limit === 0) {
    // LIMIT 0: the query ends before any row, once the header has gone out
    queueMicrotask(() => t.sink.end('Limit Reached'));
    return { close: () => undefined };
  }
  let count = 0;
  let done = false;
  const running: { query?: RunningQuery } = {};
  const stop = (): void => {
    done = true;
    running.query?.close();
  };
  const tap = new TapDriver(e.driver, `__${t.id}`, (rec) => {
    if (done) return;
    try {
      const r = t.decode(rec);
      t.sink.row(r.row, r.tombstone);
    } catch (err) {
      // never let a transient query's failure reach the producer that fed the source record
      stop();
      t.sink.fail(err);
      return;
    }
    count++;
    if (t.limit !== undefined && count >= t.limit) {
      stop();
      t.sink.end('Limit Reached');
    }
  });
  const pc = {
    driver: tap,
    compile: e.compileContext(t.id),
    skip: (reason: string) => e.log.record({ queryId: t.id, reason }),
    throwOnInvalidTimestamp: false,
  };
  running.query = new RunningQuery(t.id, t.plan, t.text, t.sinkName, t.source, pc, t.from);
  // the limit may have been reached while existing records were replayed inside the constructor
  if (done) running.query.close();
  return { close: stop };
}
