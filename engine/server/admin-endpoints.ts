// The small endpoints: GET /info, GET /healthcheck, GET /status[/<commandId>], POST /close-query
// and POST /ksql/terminate (terminate the cluster: stop every query, drop every source, delete
// the topics the request lists).
import type { Engine } from '../runtime/engine.js';
import type { CommandStore } from './command-store.js';
import { currentStatus, type Entity } from './entities.js';
import type { QueryRegistry } from './query-registry.js';
import { parseJsonBody } from './request-body.js';
import { badRequest, notFound } from './rest-error.js';

export type ServerState = 'INITIALIZING' | 'READY' | 'TERMINATING' | 'TERMINATED';

/** The ksqlDB version the engine emulates: clients gate features on it. */
export const EMULATED_VERSION = '0.29.0';

export function info(o: { kafkaClusterId: string; serviceId: string; state: ServerState }): unknown {
  return {
    KsqlServerInfo: {
      version: EMULATED_VERSION,
      kafkaClusterId: o.kafkaClusterId,
      ksqlServiceId: o.serviceId,
      serverStatus: o.state === 'READY' ? 'RUNNING' : 'ERROR',
    },
  };
}

export function healthcheck(state: ServerState): unknown {
  const ok = state === 'READY';
  return {
    isHealthy: ok,
    details: { metastore: { isHealthy: ok }, kafka: { isHealthy: ok }, commandRunner: { isHealthy: ok } },
    serverState: state,
  };
}

export function status(commands: CommandStore, rawId: string | undefined): unknown {
  if (rawId === undefined || rawId === '') return { commandStatuses: commands.all() };
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    throw badRequest(`Malformed command id in path: ${rawId}`);
  }
  const s = commands.get(id);
  if (!s) throw notFound(`Command not found: ${id}`);
  return s;
}

export function closeQuery(transients: QueryRegistry, bodyText: string): void {
  const id = parseJsonBody(bodyText)['queryId'];
  if (typeof id !== 'string') throw badRequest('The body of /close-query must be {"queryId":"<id>"}');
  if (!transients.close(id)) throw badRequest(`No query with id ${id}`);
}

function topicPatterns(bodyText: string): RegExp[] {
  if (bodyText.trim() === '') return [];
  const list = parseJsonBody(bodyText)['deleteTopicList'] ?? [];
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
    throw badRequest('deleteTopicList must be an array of topic names or patterns');
  return (list as string[]).map((p) => {
    try {
      return new RegExp(`^(?:${p})$`, 'i');
    } catch {
      throw badRequest(`Invalid topic pattern in deleteTopicList: ${p}`);
    }
  });
}

/** TERMINATE CLUSTER: runs as one command, like ksqlDB's. */
export function terminateCluster(
  e: Engine,
  commands: CommandStore,
  transients: QueryRegistry,
  bodyText: string,
): Entity {
  const patterns = topicPatterns(bodyText);
  const id = 'cluster/CLUSTER/terminate';
  const seq = commands.enqueue(id);
  transients.closeAll();
  e.close();
  const topics = new Set(e.catalog.all().map((s) => s.topic));
  for (const s of e.catalog.all()) e.catalog.remove(s.name);
  for (const t of topics) if (patterns.some((p) => p.test(t)) && e.driver.hasTopic(t)) e.driver.deleteTopic(t);
  const st = { status: 'SUCCESS' as const, message: 'Cluster terminated.', queryId: null };
  commands.complete(id, seq, st);
  return currentStatus('TERMINATE CLUSTER;', id, st, seq);
}
