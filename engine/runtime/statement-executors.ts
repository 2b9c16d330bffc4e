// Executes the statements that change the catalog or start queries: CREATE STREAM/TABLE,
// CREATE ... AS SELECT, INSERT INTO ... SELECT and DROP, with ksqlDB's existence rules.
import { PlanError } from '../errors.js';
import type { AlterSource, CreateAsSelect, CreateSource, DropSource, InsertInto } from '../syntax/index.js';
import { alterSourceDef, createSourceDef } from '../plan/ddl.js';
import { Props } from '../plan/properties.js';
import { checkAlter, checkCreate, checkDrop } from '../plan/source-rules.js';
import { planQuery, sinkDef } from '../plan/plan-query.js';
import type { SourceDef } from '../plan/catalog.js';
import { RunningQuery } from './running-query.js';
import { cacheMaxBytes } from './cache-size.js';
import { queryIdFor } from './query-id.js';
import type { Engine, StatementResult } from './engine.js';
import type { TopicRecord } from '../exec/topic-driver.js';

const lower = (k: 'STREAM' | 'TABLE'): string => k.toLowerCase();

function existing(
  e: Engine,
  name: string,
  kind: 'STREAM' | 'TABLE',
  orReplace: boolean,
  ifNotExists: boolean,
): 'skip' | 'replace' | 'new' {
  const prev = e.catalog.get(name);
  if (!prev) return 'new';
  if (ifNotExists) return 'skip';
  if (orReplace && prev.kind === kind) return 'replace';
  throw new PlanError(`Cannot add ${lower(kind)} '${name}': A ${lower(prev.kind)} with the same name already exists`);
}

/** CREATE STREAM/TABLE with PARTITIONS (and REPLICAS) creates its topic when missing; an existing
 *  topic must match them (ksqlDB's KafkaTopicExistsException). */
function checkExistingTopic(e: Engine, s: CreateSource, def: SourceDef): void {
  const have = e.driver.topicSpec(def.topic);
  if (!have) return;
  const p = new Props(s.properties);
  const wantPartitions = p.int('PARTITIONS') ?? have.partitions;
  const r = p.int('REPLICAS');
  const wantReplicas = r !== undefined && r > 0 ? r : have.replicas;
  if (wantPartitions !== have.partitions || wantReplicas !== have.replicas)
    throw new PlanError(
      `A Kafka topic with the name '${def.topic}' already exists, with different partition/replica configuration than required. KSQL expects ${wantPartitions} partitions (topic has ${have.partitions}), and ${wantReplicas} replication factor (topic has ${have.replicas}).`,
    );
}

function ensureTopic(e: Engine, def: SourceDef): void {
  if (!e.driver.hasTopic(def.topic)) {
    e.driver.createTopic(def.topic, {
      partitions: def.partitions,
      replicas: 1,
      cleanupPolicy: def.kind === 'TABLE' ? (def.window ? 'compact,delete' : 'compact') : 'delete',
    });
  }
}

export function createSource(e: Engine, s: CreateSource): StatementResult {
  checkCreate(s.sourceType, s.name, s, e.catalog.get(s.name));
  const mode = existing(e, s.name, s.sourceType, s.orReplace, s.ifNotExists);
  if (mode === 'skip')
    return {
      kind: s.kind,
      message: `Cannot add ${lower(s.sourceType)} ${s.name}: A ${lower(s.sourceType)} with the same name already exists.`,
    };
  const def = createSourceDef(
    s,
    (topic) => e.driver.topicSpec(topic)?.partitions ?? (e.assumeTopicsExist ? 1 : undefined),
    e.planServices('ddl'),
    e.props,
  );
  checkExistingTopic(e, s, def);
  ensureTopic(e, def);
  e.catalog.put(def);
  return { kind: s.kind, message: `${s.sourceType === 'STREAM' ? 'Stream' : 'Table'} created` };
}

function stopQuery(e: Engine, id: string): void {
  e.queries.get(id)?.close();
  e.queries.delete(id);
}

function offsetReset(e: Engine): 'earliest' | 'latest' {
  const v = (e.props['auto.offset.reset'] ?? e.props['ksql.streams.auto.offset.reset'] ?? 'latest').toLowerCase();
  return v === 'earliest' ? 'earliest' : 'latest';
}

/** ksqlDB's consumer group of a persistent query: _confluent-ksql-<service id>query_<query id>. */
export const queryGroupId = (e: Engine, id: string): string =>
  `_confluent-ksql-${e.props['ksql.service.id'] ?? 'default_'}query_${id}`;

function startQuery(
  e: Engine,
  id: string,
  s: CreateAsSelect | InsertInto,
  plan: ReturnType<typeof planQuery>,
  sinkName: string,
): RunningQuery {
  const src = plan.nodes[0]!;
  const holder: { q?: RunningQuery } = {};
  const topic = src.kind === 'Source' ? src.source.topic : undefined;
  const q = new RunningQuery(
    id,
    plan,
    s.text,
    sinkName,
    src.kind === 'Source' ? src.source.name : '',
    {
      driver: e.driver,
      compile: e.compileContext(id),
      skip: (reason) =>
        e.log.record({
          queryId: id,
          reason,
          ...(topic !== undefined ? { topic } : {}),
          ...recordFacts(holder.q?.current),
        }),
      throwOnInvalidTimestamp: (e.props['ksql.timestamp.throw.on.invalid'] ?? 'false') === 'true',
      cacheMaxBytes: cacheMaxBytes(e.props),
    },
    offsetReset(e),
    queryGroupId(e, id),
  );
  holder.q = q;
  e.queries.set(id, q);
  return q;
}

function recordFacts(r: TopicRecord | undefined): { offset?: number; partition?: number; value?: Buffer | null } {
  if (!r) return {};
  return { ...(r.offset !== undefined ? { offset: r.offset } : {}), partition: r.partition, value: r.value };
}

export function createAsSelect(e: Engine, s: CreateAsSelect): StatementResult {
  checkCreate(s.sourceType, s.name, { orReplace: s.orReplace, readOnly: false }, e.catalog.get(s.name));
  const mode = existing(e, s.name, s.sourceType, s.orReplace, s.ifNotExists);
  if (mode === 'skip')
    return {
      kind: s.kind,
      message: `Cannot add ${lower(s.sourceType)} ${s.name}: A ${lower(s.sourceType)} with the same name already exists.`,
    };
  const plan = planQuery(s, {
    catalog: e.catalog,
    ctx: e.planServices('plan'),
    topicPrefix: e.props['ksql.output.topic.name.prefix'] ?? '',
    persistent: true,
    props: e.props,
  });
  const prev = e.catalog.get(s.name);
  const id = queryIdFor(e, s, `${s.sourceType === 'STREAM' ? 'CSAS' : 'CTAS'}_${s.name}`, prev?.writerQueryId);
  if (prev?.writerQueryId) stopQuery(e, prev.writerQueryId);
  const def = sinkDef(plan, s.text, id);
  ensureTopic(e, def);
  e.catalog.put(def);
  startQuery(e, id, s, plan, s.name);
  return { kind: s.kind, message: `Created query with ID ${id}`, queryId: id };
}

export function insertInto(e: Engine, s: InsertInto): StatementResult {
  const plan = planQuery(s, {
    catalog: e.catalog,
    ctx: e.planServices('plan'),
    topicPrefix: '',
    persistent: true,
    props: e.props,
  });
  const id = queryIdFor(e, s, 'INSERTQUERY');
  startQuery(e, id, s, plan, s.target);
  return { kind: s.kind, message: `Created query with ID ${id}`, queryId: id };
}

export function dropSource(e: Engine, s: DropSource): StatementResult {
  const def = e.catalog.get(s.name);
  if (!def) {
    if (s.ifExists) return { kind: s.kind, message: `Source ${s.name} does not exist.` };
    throw new PlanError(`${s.sourceType === 'STREAM' ? 'Stream' : 'Table'} ${s.name} does not exist.`);
  }
  if (def.kind !== s.sourceType)
    throw new PlanError(`Incompatible data source type is ${def.kind}, but statement was DROP ${s.sourceType}`);
  checkDrop(def, s.deleteTopic);
  const readers = [...e.queries.values()].filter((q) => q.sourceNames.includes(s.name) && q.id !== def.writerQueryId);
  if (readers.length > 0)
    throw new PlanError(
      `Cannot drop ${s.name}.\nThe following queries read from this source: [${readers.map((q) => q.id).join(', ')}].\nYou need to terminate them before dropping ${s.name}.`,
    );
  if (def.writerQueryId) {
    // its internal topics (the aggregation's changelog) go with it, as in ksqlDB
    e.queries.get(def.writerQueryId)?.destroy(e.driver);
    e.queries.delete(def.writerQueryId);
  }
  e.catalog.remove(s.name);
  if (s.deleteTopic) e.driver.deleteTopic(def.topic);
  return { kind: s.kind, message: `Source ${s.name} (topic: ${def.topic}) was dropped.` };
}

/** ALTER STREAM|TABLE … ADD COLUMN: value columns appended to a source created by CREATE. */
export function alterSource(e: Engine, s: AlterSource): StatementResult {
  const def = e.catalog.get(s.name);
  if (!def) throw new PlanError(`Source ${s.name} does not exist.`);
  if (def.kind !== s.sourceType)
    throw new PlanError(`Incompatible data source type is ${def.kind}, but statement was ALTER ${s.sourceType}`);
  checkAlter(def);
  if (def.writerQueryId !== undefined)
    throw new PlanError('ALTER command is not supported for CREATE ... AS statements.');
  e.catalog.put(alterSourceDef(def, s.addColumns, e.planServices('ddl')));
  return { kind: s.kind, message: `${s.sourceType === 'STREAM' ? 'Stream' : 'Table'} altered` };
}
