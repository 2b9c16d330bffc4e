// The engine facade: executes ksqlDB statements against a topic driver, keeping the catalog,
// session variables and properties, and the running persistent queries. Parse errors, plan
// errors and unsupported statements are thrown; bad records go to the processing log.
import { NotSupportedError, PlanError } from '../errors.js';
import { parseStatements, substituteVariables, type Statement } from '../syntax/index.js';
import type { CompileContext } from '../exec/expression/compile.js';
import { planServices } from '../exec/plan-services.js';
import type { PlanServices } from '../plan/plan-services.js';
import type { FunctionRegistry } from '../exec/functions/registry.js';
import { defaultRegistry } from '../exec/default-registry.js';
import {
  RemoteBinding,
  RemoteCallPending,
  registerRemoteFunctions,
  type RemoteInvoker,
} from '../exec/functions/remote-function.js';
import type { RemoteFunctionSettings } from '../exec/functions/remote-settings.js';
import { HttpRemoteInvoker } from './remote-client.js';
import { Catalog } from '../plan/catalog.js';
import { printPlan, type LogicalPlan } from '../plan/logical-plan.js';
import { planQuery } from '../plan/plan-query.js';
import { ProcessingLog } from './processing-log.js';
import type { TopicDriver } from '../exec/topic-driver.js';
import { insertValues } from './insert-values.js';
import { RunningQuery } from './running-query.js';
import { alterSource, createSource, createAsSelect, dropSource, insertInto } from './statement-executors.js';
import { checkInsertValues } from '../plan/source-rules.js';

export interface EngineOptions {
  driver: TopicDriver;
  /** Engine properties, e.g. {'auto.offset.reset': 'earliest'}; SET/UNSET change them. */
  props?: Record<string, string>;
  registry?: FunctionRegistry;
  log?: ProcessingLog;
  now?: () => number;
  /** Treat every topic as existing with one partition (the QTT runner: topics come from the cases). */
  assumeTopicsExist?: boolean;
  /** Remote functions (ksql.functions.<name>.url…, see remote-settings.ts), registered on the registry. */
  remoteFunctions?: RemoteFunctionSettings[];
  /** How remote calls are made; default HTTP. Given in tests of the record retry logic. */
  remoteInvoker?: RemoteInvoker;
}

export interface StatementResult {
  kind: Statement['kind'];
  message: string;
  queryId?: string;
  /** The EXPLAIN text, for EXPLAIN statements. */
  explain?: string;
  /** EXPLAIN of a statement (not a running query): the plan it would run. */
  explainPlan?: LogicalPlan;
}

export class Engine {
  readonly catalog = new Catalog();
  readonly queries = new Map<string, RunningQuery>();
  readonly log: ProcessingLog;
  readonly driver: TopicDriver;
  readonly registry: FunctionRegistry;
  readonly props: Record<string, string>;
  readonly vars = new Map<string, string>();
  private readonly now: () => number;
  readonly assumeTopicsExist: boolean;
  private queryCounter = 0;
  /**
   * The offset in the command topic of the command being executed (server on Kafka), set around
   * one statement by the REST server: query ids number from it, as ksqlDB's do, so they stay the
   * same when a restarted server replays the topic. Undefined: a counter numbers them.
   */
  commandOffset: number | undefined;
  private readonly remoteInvoker: RemoteInvoker | undefined;

  constructor(o: EngineOptions) {
    this.driver = o.driver;
    this.registry = o.registry ?? defaultRegistry();
    this.props = { ...(o.props ?? {}) };
    this.log = o.log ?? new ProcessingLog();
    this.now = o.now ?? Date.now;
    this.assumeTopicsExist = o.assumeTopicsExist ?? false;
    if (o.remoteFunctions && o.remoteFunctions.length > 0) {
      this.remoteInvoker = o.remoteInvoker ?? new HttpRemoteInvoker(o.remoteFunctions);
      registerRemoteFunctions(this.registry, new RemoteBinding(o.remoteFunctions, this.remoteInvoker));
    }
  }

  /** What the planner asks about expressions, functions and formats, for the query `queryId`. */
  planServices(queryId: string): PlanServices {
    return planServices(this.compileContext(queryId), this.driver.schemaRegistry);
  }

  compileContext(queryId: string): CompileContext {
    return {
      registry: this.registry,
      props: this.props,
      onError: (err, expr) => {
        // not a failure: the record is re-run once the remote result is in (remote-record.ts)
        if (err instanceof RemoteCallPending) throw err;
        this.log.record({
          queryId,
          reason: `Error computing expression ${expr}: ${err instanceof Error ? err.message : String(err)}`,
        });
      },
    };
  }

  nextQueryId(prefix: string): string {
    return `${prefix}_${this.commandOffset ?? this.queryCounter++}`;
  }

  /** Parses the whole text first (a syntax error runs nothing), then executes in order. */
  execute(sql: string): StatementResult[] {
    const statements = parseStatements(
      this.vars.size > 0 ? substituteVariables(sql, Object.fromEntries(this.vars)) : sql,
    );
    return statements.map((s) => this.executeStatement(this.resubstitute(s)));
  }

  /** DEFINE earlier in the same text changes later statements: substitute and re-parse them. */
  private resubstitute(s: Statement): Statement {
    if (this.vars.size === 0 || !s.text.includes('${')) return s;
    const again = parseStatements(substituteVariables(s.text, Object.fromEntries(this.vars)));
    return again[0] ?? s;
  }

  executeStatement(statement: Statement): StatementResult {
    const s = this.catalog.types.resolveIn(statement);
    switch (s.kind) {
      case 'CreateSource':
        return createSource(this, s);
      case 'CreateAsSelect':
        return createAsSelect(this, s);
      case 'InsertInto':
        return insertInto(this, s);
      case 'InsertValues': {
        const def = this.catalog.get(s.target);
        if (!def) throw new PlanError(`Cannot insert values into an unknown stream/table: ${s.target}`);
        checkInsertValues(def, s.columns);
        insertValues(s, def, this.driver, this.compileContext('insert-values'), this.now());
        return { kind: s.kind, message: 'Inserted' };
      }
      case 'DropSource':
        return dropSource(this, s);
      case 'AlterSource':
        return alterSource(this, s);
      case 'RegisterType':
        return { kind: s.kind, message: this.catalog.types.register(s.name, s.type, s.ifNotExists) };
      case 'DropType':
        return { kind: s.kind, message: this.catalog.types.drop(s.name, s.ifExists) };
      case 'DefineVariable':
        this.vars.set(s.name, s.value);
        return { kind: s.kind, message: `Defined ${s.name}` };
      case 'UndefineVariable':
        this.vars.delete(s.name);
        return { kind: s.kind, message: `Undefined ${s.name}` };
      case 'SetProperty':
        this.props[s.name] = s.value;
        return { kind: s.kind, message: `Set ${s.name}` };
      case 'UnsetProperty':
        delete this.props[s.name];
        return { kind: s.kind, message: `Unset ${s.name}` };
      case 'Explain':
        return this.explain(s);
      case 'QueryControl':
        return this.control(s);
      case 'QueryStatement':
        throw new NotSupportedError(
          'transient-query',
          `transient queries (SELECT without CREATE ... AS) are not supported by the embedded engine yet: ${s.text}`,
        );
      default:
        throw new NotSupportedError(
          `statement-${s.kind}`,
          `${s.kind} statements are not supported by the embedded engine yet: ${s.text}`,
        );
    }
  }

  private explain(s: Extract<Statement, { kind: 'Explain' }>): StatementResult {
    if (s.queryId !== undefined) {
      const q = this.queries.get(s.queryId.toUpperCase()) ?? this.queries.get(s.queryId);
      if (!q)
        throw new PlanError(
          `Query with id:${s.queryId} does not exist, use SHOW QUERIES to view the full set of running queries.`,
        );
      return { kind: s.kind, message: q.explainText, explain: q.explainText, queryId: q.id };
    }
    const st = s.statement;
    if (!st || st.kind === 'QueryStatement')
      throw new NotSupportedError(
        'explain-transient',
        'EXPLAIN of a transient SELECT is not supported yet; EXPLAIN a CREATE ... AS SELECT or INSERT INTO ... SELECT',
      );
    const plan = planQuery(st, {
      catalog: this.catalog,
      ctx: this.planServices('explain'),
      topicPrefix: this.props['ksql.output.topic.name.prefix'] ?? '',
      persistent: true,
      props: this.props,
    });
    const text = printPlan(plan);
    return { kind: s.kind, message: text, explain: text, explainPlan: plan };
  }

  private control(s: Extract<Statement, { kind: 'QueryControl' }>): StatementResult {
    if (s.action !== 'TERMINATE')
      throw new NotSupportedError('pause-resume', `${s.action} is not supported by the embedded engine yet`);
    const ids = s.all ? [...this.queries.keys()] : [s.queryId!];
    for (const id of ids) {
      const q = this.queries.get(id);
      if (!q) throw new PlanError(`Unknown queryId: ${id}`);
      // as ksqlDB: a terminated query's internal topics (its changelog) go with it
      q.destroy(this.driver);
      this.queries.delete(id);
      const sink = this.catalog.get(q.sinkName);
      if (sink?.writerQueryId === id) delete sink.writerQueryId;
    }
    return { kind: s.kind, message: 'Query terminated.' };
  }

  /** Stops every running query. */
  close(): void {
    for (const q of this.queries.values()) q.close();
    this.queries.clear();
    // only the engine that made the invoker closes it: a scratch copy shares the registry
    this.remoteInvoker?.close();
  }
}
