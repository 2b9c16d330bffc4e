// POST /ksql (ksqldb-notes §1.1): wait for the sequence number, parse, validate every statement
// against a scratch copy of the engine (nothing runs if one fails), then execute in order and
// reply with one entity per statement.
import type { Statement } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import type { CommandStore } from './command-store.js';
import { currentStatus, warningEntity, type Entity } from './entities.js';
import { isConnectorStatement, runConnectorStatement, type ConnectorStatement } from './connector-statements.js';
import { checkRead, describe, show, type RewrittenTexts } from './read-statements.js';
import { explainEntity } from './explain-entity.js';
import { prepareStatements, withProps, type Prepared } from './request-statements.js';
import { mapEngineError, RestError, statementError } from './rest-error.js';
import { scratchEngine } from './scratch-engine.js';
import { rewriteStatement } from './statement-text.js';
import type { KsqlRequest } from './request-body.js';
import type { SerialQueue } from './serial-queue.js';
import type { ServerLimits } from './server-limits.js';
import type { QueryRegistry } from './query-registry.js';
import type { CommandRecord, LoggedCommand } from './command-topic.js';

export interface KsqlResourceDeps {
  engine: Engine;
  commands: CommandStore;
  queue: SerialQueue;
  /** How long a request waits for its commandSequenceNumber (ksql.server.command.response.timeout.ms). */
  sequenceWaitMs: number;
  transients: QueryRegistry;
  texts: RewrittenTexts;
  /** ksql.connect.url; connector statements are refused without it. */
  connectUrl: string | undefined;
  connectTimeoutMs: number;
  /** The command topic (Kafka driver): successful commands are appended for replay on restart;
   *  the offset the next one gets numbers the query it starts. */
  commandLog?: { append(c: CommandRecord): Promise<void>; readonly nextOffset: number } | undefined;
  limits: ServerLimits;
  /** The server's settings under ksqlDB's names (SHOW PROPERTIES). */
  serverProperties: Record<string, string>;
}

const QUERY_ENDPOINT_MESSAGE =
  "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT";
const LOCAL = new Set(['SetProperty', 'UnsetProperty', 'DefineVariable', 'UndefineVariable', 'InsertValues']);

/** The engine statements that are commands, with ksqlDB's commandId (creates backtick the name). */
export function commandId(e: Engine, s: Statement): string | undefined {
  const kind = (t: 'STREAM' | 'TABLE'): string => t.toLowerCase();
  switch (s.kind) {
    case 'CreateSource':
    case 'CreateAsSelect':
      return `${kind(s.sourceType)}/\`${s.name}\`/create`;
    case 'InsertInto':
      return `${kind(e.catalog.get(s.target)?.kind ?? 'STREAM')}/\`${s.target}\`/create`;
    case 'DropSource':
      return `${kind(s.sourceType)}/${s.name}/drop`;
    case 'QueryControl':
      return `${s.action.toLowerCase()}/${s.all ? 'ALL' : s.queryId!}/execute`;
    default:
      return undefined;
  }
}

function isTransientTerminate(d: KsqlResourceDeps, s: Statement): s is Extract<Statement, { kind: 'QueryControl' }> {
  return s.kind === 'QueryControl' && s.action === 'TERMINATE' && !s.all && d.transients.has(s.queryId!);
}

function validateOne(d: KsqlResourceDeps, scratch: Engine, p: Prepared): Promise<unknown> | undefined {
  const s = p.stmt;
  if (s.kind === 'QueryStatement' || s.kind === 'Print') throw statementError(QUERY_ENDPOINT_MESSAGE, s.text, 40002);
  if (isConnectorStatement(s)) {
    if (d.connectUrl === undefined)
      throw statementError('Connector statements need Kafka Connect, but this server has no ksql.connect.url', s.text);
    return undefined;
  }
  if (s.kind === 'Show' || s.kind === 'Describe') return void checkRead(scratch, s);
  // a running query is the server's own (the scratch copy runs none); a statement plans anywhere
  if (s.kind === 'Explain') {
    const target = s.queryId !== undefined ? d.engine : scratch;
    return withProps(target, p.props, () => target.executeStatement(s));
  }
  if (LOCAL.has(s.kind) && s.kind !== 'InsertValues') return undefined;
  if (isTransientTerminate(d, s)) return undefined;
  return withProps(scratch, p.props, () => scratch.executeStatement(s));
}

async function validateAll(d: KsqlResourceDeps, prepared: Prepared[]): Promise<void> {
  const scratch = scratchEngine(d.engine);
  try {
    for (const p of prepared) {
      try {
        await validateOne(d, scratch, p);
      } catch (err) {
        throw mapEngineError(err, p.stmt.text);
      }
    }
  } finally {
    scratch.close();
  }
}

function skipped(e: Engine, s: Statement): Entity | undefined {
  if ((s.kind !== 'CreateSource' && s.kind !== 'CreateAsSelect') || !s.ifNotExists) return undefined;
  const prev = e.catalog.get(s.name);
  if (!prev) return undefined;
  const kind = s.sourceType.toLowerCase();
  return warningEntity(
    s.text,
    `Cannot add ${kind} ${s.name}: A ${prev.kind.toLowerCase()} with the same name already exists.`,
  );
}

/** Runs the statement with the engine numbering its query from the command's offset (if logged). */
function executeAt<T>(e: Engine, offset: number | undefined, run: () => T): T {
  e.commandOffset = offset;
  try {
    return run();
  } finally {
    e.commandOffset = undefined;
  }
}

async function runCommand(d: KsqlResourceDeps, p: Prepared, id: string, replayedOffset?: number): Promise<Entity> {
  const e = d.engine;
  const s = p.stmt;
  const replaying = replayedOffset !== undefined;
  const seq = d.commands.enqueue(id);
  try {
    const offset = replayedOffset ?? d.commandLog?.nextOffset;
    const r = await withProps(e, p.props, () => executeAt(e, offset, () => e.executeStatement(s)));
    // topics created and records written before the client hears SUCCESS (Kafka driver)
    await e.driver.settle();
    if (!replaying)
      await d.commandLog?.append({ statement: s.text, streamsProperties: p.props, sessionVariables: p.vars });
    const created = s.kind === 'CreateSource' || s.kind === 'CreateAsSelect' ? e.catalog.get(s.name) : undefined;
    const status = { status: 'SUCCESS' as const, message: r.message, queryId: r.queryId ?? null };
    d.commands.complete(id, seq, status);
    const text = rewriteStatement(s, created, created ? e.driver.topicSpec(created.topic) : undefined);
    if (created) d.texts.set(`source:${created.name}`, text);
    if (r.queryId) d.texts.set(`query:${r.queryId}`, text);
    return currentStatus(text, id, status, seq);
  } catch (err) {
    const mapped = mapEngineError(err, s.text);
    d.commands.complete(id, seq, { status: 'ERROR', message: mapped.message, queryId: null });
    throw mapped;
  }
}

async function executeOne(d: KsqlResourceDeps, p: Prepared): Promise<Entity | undefined> {
  const e = d.engine;
  const s = p.stmt;
  if (isConnectorStatement(s)) return runConnectorStatement(d.connectUrl!, d.connectTimeoutMs, s as ConnectorStatement);
  if (s.kind === 'Show')
    return show(e, d.texts, s, p.vars, p.props, {
      properties: d.serverProperties,
      pushQueries: d.transients.list(),
    });
  if (s.kind === 'Describe') return describe(e, d.texts, s);
  if (s.kind === 'Explain') return withProps(e, p.props, () => explainEntity(e, d.texts, s, s.text));
  if (isTransientTerminate(d, s)) {
    d.transients.close(s.queryId!);
    return {
      '@type': 'terminate_query',
      statementText: s.text,
      warnings: [],
      queryId: s.queryId!,
      wasTerminated: true,
    };
  }
  const warn = skipped(e, s);
  if (warn) return warn;
  if (LOCAL.has(s.kind)) {
    if (s.kind === 'InsertValues') {
      await withProps(e, p.props, () => e.executeStatement(s));
      await e.driver.settle();
    }
    return undefined;
  }
  const id = commandId(e, s);
  if (id === undefined)
    throw statementError(`${s.kind} statements are not supported by the embedded engine's REST server yet`, s.text);
  return runCommand(d, p, id);
}

/** Handles one /ksql request body (already decoded); returns the entities or throws a RestError. */
export async function handleKsql(d: KsqlResourceDeps, req: KsqlRequest): Promise<Entity[]> {
  if (req.commandSequenceNumber !== undefined && req.commandSequenceNumber >= 0) {
    const ok = await d.commands.waitFor(req.commandSequenceNumber, d.sequenceWaitMs);
    if (!ok)
      throw new RestError(
        503,
        50301,
        `Timed out while waiting for a previous command to execute. command sequence number: ${req.commandSequenceNumber}`,
      );
  }
  const prepared = prepareStatements(req.ksql, req.streamsProperties, req.sessionVariables, d.limits);
  return d.queue.run(async () => {
    await d.engine.driver.refreshTopics();
    await validateAll(d, prepared);
    const out: Entity[] = [];
    for (const p of prepared) {
      const entity = await executeOne(d, p);
      if (entity) out.push(entity);
    }
    return out;
  });
}

/** Re-executes one command read back from the command topic (server start); nothing is appended. */
export async function replayCommand(d: KsqlResourceDeps, c: LoggedCommand): Promise<void> {
  for (const p of prepareStatements(c.statement, c.streamsProperties, c.sessionVariables)) {
    if (LOCAL.has(p.stmt.kind)) continue;
    const id = commandId(d.engine, p.stmt);
    if (id !== undefined) await runCommand(d, p, id, c.offset);
  }
}
