// SHOW/LIST and DESCRIBE on /ksql: read-only statements answered from the catalog, the running
// queries and the driver's topics. check() runs at validation time so a bad one fails the request.
import type { Describe, Show } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import { effectiveProperties } from './server-properties.js';
import type { OpenQueryInfo } from './query-registry.js';
import { queryList, sourceDescription, sourceList, type Entity, type QueryInfo } from './entities.js';
import { statementError } from './rest-error.js';
import { REMOTE_ARGUMENT, remoteShape } from '../exec/functions/remote-function.js';
import { endpointUrl } from '../exec/functions/remote-settings.js';
import { builtInFunctionEntity } from './describe-function.js';

/** The server's rewritten statement texts (what ksqlDB shows in SHOW QUERIES and DESCRIBE), by
 *  `query:<id>` and `source:<name>`; the engine keeps only the text as written. */
export type RewrittenTexts = Map<string, string>;

export function queryInfos(e: Engine, texts: RewrittenTexts): QueryInfo[] {
  return [...e.queries.values()].map((q) => ({
    id: q.id,
    statementText: texts.get(`query:${q.id}`) ?? q.statementText,
    sinkName: q.sinkName,
    sourceName: q.sourceName,
    error: q.error,
  }));
}

/** SHOW … EXTENDED: queries, and streams/tables (answered as DESCRIBE … EXTENDED of each, as ksqlDB does). */
const EXTENDABLE = new Set(['QUERIES', 'STREAMS', 'TABLES']);
const SHOWABLE = new Set(['STREAMS', 'TABLES', 'QUERIES', 'TOPICS', 'PROPERTIES', 'VARIABLES', 'FUNCTIONS']);

/** Fails the request at validation time for reads the server cannot answer. */
export function checkRead(e: Engine, s: Show | Describe): void {
  if (s.kind === 'Show') {
    if (!SHOWABLE.has(s.target) || (s.extended && !EXTENDABLE.has(s.target))) {
      throw statementError(
        `SHOW ${s.extended ? `${s.target} EXTENDED` : s.target} is not supported by the embedded engine's REST server yet`,
        s.text,
      );
    }
    return;
  }
  if (s.subject === 'FUNCTION') {
    if (!e.registry.has(s.name ?? ''))
      throw statementError(`Can't find any functions with the name '${(s.name ?? '').toUpperCase()}'`, s.text);
    return;
  }
  if (s.subject !== 'SOURCE' && s.subject !== 'STREAMS' && s.subject !== 'TABLES')
    throw statementError(`DESCRIBE ${s.subject} is not supported by the embedded engine's REST server yet`, s.text);
  if (s.subject === 'SOURCE' && !e.catalog.get(s.name ?? ''))
    throw statementError(`Could not find STREAM/TABLE '${s.name ?? ''}' in the Metastore`, s.text);
}

function describeOne(e: Engine, texts: RewrittenTexts, name: string, extended: boolean, text: string): Entity {
  const def = e.catalog.require(name);
  const source = { ...def, statement: texts.get(`source:${def.name}`) ?? def.statement };
  const spec = e.driver.topicSpec(source.topic);
  return sourceDescription(text, {
    source,
    extended,
    queries: queryInfos(e, texts),
    partitions: spec?.partitions ?? source.partitions,
    replication: spec?.replicas ?? 1,
    topicOf: (source) => e.catalog.get(source)?.topic,
  });
}

/** ksqlDB's describe_function entity: a built-in's declared overloads (describe-function.ts); a
 *  remote function's one signature and where it is served. */
function describeFunction(e: Engine, s: Describe): Entity {
  const name = (s.name ?? '').toUpperCase();
  const remote = e.registry.remote?.settings.get(name);
  const base = { '@type': 'describe_function', statementText: s.text, warnings: [], name };
  if (remote) {
    const { description, returnType } = remoteShape(remote);
    return {
      ...base,
      description,
      author: 'ziem',
      version: '0.1.0',
      path: `remote:${endpointUrl(remote)}`,
      type: 'SCALAR',
      functions: [
        {
          arguments: [REMOTE_ARGUMENT],
          returnType,
          description,
          argumentTypes: [REMOTE_ARGUMENT.type],
        },
      ],
    };
  }
  const def = e.registry.get(name);
  if (!def) throw statementError(`Can't find any functions with the name '${name}'`, s.text);
  return builtInFunctionEntity(def, s.text);
}

export function describe(e: Engine, texts: RewrittenTexts, s: Describe): Entity {
  if (s.subject === 'FUNCTION') return describeFunction(e, s);
  if (s.subject === 'SOURCE') return describeOne(e, texts, s.name!, s.extended, s.text);
  return describeAll(e, texts, s.subject === 'STREAMS' ? 'STREAM' : 'TABLE', s.extended, s.text);
}

/** ksqlDB's source_descriptions entity: every stream (or table) described as DESCRIBE … EXTENDED. */
function describeAll(
  e: Engine,
  texts: RewrittenTexts,
  kind: 'STREAM' | 'TABLE',
  extended: boolean,
  text: string,
): Entity {
  const descriptions = e.catalog
    .all()
    .filter((d) => d.kind === kind)
    .map((d) => describeOne(e, texts, d.name, extended, text)['sourceDescription']);
  return { '@type': 'source_descriptions', statementText: text, warnings: [], sourceDescriptions: descriptions };
}

export function show(
  e: Engine,
  texts: RewrittenTexts,
  s: Show,
  vars: Record<string, string>,
  props: Record<string, string>,
  server: { properties: Record<string, string>; pushQueries: OpenQueryInfo[] },
): Entity {
  const base = { statementText: s.text, warnings: [] };
  switch (s.target) {
    case 'STREAMS':
      if (s.extended) return describeAll(e, texts, 'STREAM', true, s.text);
      return sourceList(s.text, 'STREAM', e.catalog.all());
    case 'TABLES':
      if (s.extended) return describeAll(e, texts, 'TABLE', true, s.text);
      return sourceList(s.text, 'TABLE', e.catalog.all());
    case 'QUERIES':
      return queryList(s.text, queryInfos(e, texts), (name) => e.catalog.get(name)?.topic, server.pushQueries);
    case 'TOPICS':
      return {
        '@type': 'kafka_topics',
        ...base,
        topics: e.driver
          .topics()
          .filter((t) => s.all || !t.startsWith('_'))
          .sort()
          .map((name) => ({
            name,
            replicaInfo: Array.from(
              { length: e.driver.topicSpec(name)?.partitions ?? 1 },
              () => e.driver.topicSpec(name)?.replicas ?? 1,
            ),
          })),
      };
    case 'FUNCTIONS':
      return {
        '@type': 'function_names',
        ...base,
        functionNames: e.registry.list().map((f) => ({ name: f.name, type: f.type, category: f.category })),
      };
    case 'PROPERTIES':
      return { '@type': 'properties', ...base, ...effectiveProperties(server.properties, e.props, props) };
    default:
      return {
        '@type': 'variables',
        ...base,
        variables: Object.entries(vars).map(([name, value]) => ({ name, value })),
      };
  }
}
