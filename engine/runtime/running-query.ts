// A persistent query that is running: its id, plan, the operators it built and the driver
// subscription feeding it (with the record cache and changelog its aggregation has on Kafka).
// Closing it stops delivery; its state is dropped with it.
import type { LogicalPlan } from '../plan/logical-plan.js';
import { printPlan } from '../plan/logical-plan.js';
import { buildPipeline, type PipelineContext } from './build-pipeline.js';
import type { Subscription, TopicRecord } from '../exec/topic-driver.js';
import { runRecordWithRemote } from './remote-record.js';
import { NotSupportedError } from '../errors.js';
import { attachChangelog, type QueryState } from './changelog-wiring.js';

export class RunningQuery {
  private subs: Subscription[] = [];
  readonly explainText: string;
  /** The record being processed: the processing log names it when the query skips it. */
  current: TopicRecord | undefined;
  /** Set when the query stopped on an error (ksqlDB's ERROR state). */
  error: string | undefined;
  private closed = false;
  /** The changelog topic backing the query's aggregation state, when there is one. */
  readonly changelogTopic: string | undefined;

  constructor(
    readonly id: string,
    readonly plan: LogicalPlan,
    readonly statementText: string,
    readonly sinkName: string,
    readonly sourceName: string,
    pc: PipelineContext,
    from: 'earliest' | 'latest',
    /** The consumer group owning the query's committed position (persistent queries). */
    groupId?: string,
  ) {
    // a record cache after the aggregation only on Kafka, where records come in batches; it is
    // flushed before each batch's send
    const cached = groupId !== undefined && pc.driver.changelogs === true;
    if (plan.nodes[0]!.kind === 'Join' && pc.driver.changelogs === true)
      throw new NotSupportedError(
        'joins on Kafka',
        'joins run on the in-memory driver only so far: on Kafka their state would need changelog topics',
        { hint: 'run joins on a ksqlDB server' },
      );
    const built = buildPipeline(plan, cached ? pc : { ...pc, cacheMaxBytes: 0 });
    this.explainText = `${printPlan(plan)}\nOperators:\n${[...built.inputs.map((i) => i.source.explain()), ...built.operators.map((o) => o.explain())].map((l) => `  ${l}`).join('\n')}`;
    // a persistent aggregation's state lives in a changelog topic when the driver offers one; else
    // (or for a table source) a restart rebuilds it by reading the source again
    const state: QueryState =
      groupId !== undefined
        ? attachChangelog(plan, built.operators, pc.driver, groupId, () => this.current)
        : { replayFromEarliest: false };
    this.changelogTopic = state.topic;
    const beforeFlush = (): void => {
      built.flushCaches();
      state.options?.beforeFlush?.();
    };
    const onError = (err: unknown): void => {
      this.error = err instanceof Error ? err.message : String(err);
      pc.skip(`query ${id} stopped: ${this.error}`);
    };
    const handler =
      (source: { handle(rec: TopicRecord): void }) =>
      (rec: TopicRecord): void => {
        this.current = rec;
        source.handle(rec);
      };
    // only a query calling remote functions pays for them; the others keep the synchronous path
    const remote = pc.compile.registry.remote;
    const viaRemote = remote !== undefined && remote.usedIn(plan).length > 0 ? remote : undefined;
    // a record whose remote call was in flight when the query closed (TERMINATE, DROP) writes nothing
    this.subs = built.inputs.map((input) => {
      const handle = handler(input.source);
      const stillOpen = (rec: TopicRecord): void => void (this.closed || handle(rec));
      return pc.driver.subscribe(
        input.topic,
        from,
        viaRemote ? (rec) => runRecordWithRemote(viaRemote, () => stillOpen(rec), pc.skip) : handle,
        {
          ...(groupId !== undefined ? { groupId } : {}),
          ...state.options,
          beforeFlush,
          replayFromEarliest: state.replayFromEarliest,
          onError,
        },
      );
    });
  }

  close(): void {
    this.closed = true;
    for (const s of this.subs) s.close();
    this.subs = [];
  }

  /** Stops the query and deletes its internal topics (DROP, TERMINATE), as ksqlDB does. */
  destroy(driver: { deleteTopic(name: string): void }): void {
    this.close();
    if (this.changelogTopic !== undefined) driver.deleteTopic(this.changelogTopic);
  }
}
