// A persistent query that is running: its id, plan, the operators it built and the driver
// subscription feeding it, one for all its source topics (with the record cache and changelogs its
// aggregation or join has on Kafka). Closing it stops delivery; its state is dropped with it.
import type { JoinNode, LogicalPlan } from '../plan/logical-plan.js';
import { printPlan } from '../plan/logical-plan.js';
import { buildPipeline, type PipelineContext } from './build-pipeline.js';
import type { Subscription, TopicRecord } from '../exec/topic-driver.js';
import { runRecordWithRemote } from './remote-record.js';
import { attachChangelog, type QueryState } from './changelog-wiring.js';
import { repartitionLines } from './join-changelog.js';

const joinSources = (n: JoinNode): string[] =>
  [n.left, n.right].flatMap((s) => (s.inner ? joinSources(s.inner) : [s.source!.name]));

export class RunningQuery {
  private subs: Subscription[] = [];
  readonly explainText: string;
  /** The record being processed: the processing log names it when the query skips it. */
  current: TopicRecord | undefined;
  /** The topic of the record being processed. */
  currentTopic: string | undefined;
  /** The topics the query reads (a join's: every source's). */
  readonly sourceTopics: string[];
  /** The sources the query reads (a join's: every one), which DROP may not remove under it. */
  readonly sourceNames: string[];
  /** Set when the query stopped on an error (ksqlDB's ERROR state). */
  error: string | undefined;
  private closed = false;
  /** The changelog topics backing the query's aggregation or join state. */
  readonly changelogTopics: string[];

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
    const built = buildPipeline(plan, cached ? pc : { ...pc, cacheMaxBytes: 0 });
    this.sourceTopics = [...new Set(built.inputs.map((i) => i.topic))];
    const src = plan.nodes[0]!;
    this.sourceNames = src.kind === 'Join' ? joinSources(src) : [sourceName];
    // a persistent aggregation's or join's state lives in changelog topics when the driver offers
    // them; else (or for an aggregation of a table) a restart rebuilds it by reading the sources again
    const position = (): string | undefined => {
      const r = this.current;
      return r?.offset === undefined ? undefined : `${this.currentTopic ?? ''}:${r.partition}:${r.offset}`;
    };
    const state: QueryState =
      groupId !== undefined
        ? attachChangelog(plan, built, pc.driver, groupId, () => this.current, position)
        : { replayFromEarliest: false, topics: [] };
    this.changelogTopics = state.topics;
    const stateLines = [
      ...(built.join && groupId !== undefined ? repartitionLines(built.join, groupId) : []),
      ...state.topics.map((t) => `State: changelog ${t}`),
    ];
    this.explainText = `${printPlan(plan)}\nOperators:\n${[...built.inputs.map((i) => i.source.explain()), ...built.operators.map((o) => o.explain()), ...stateLines].map((l) => `  ${l}`).join('\n')}`;
    const beforeFlush = (): void => {
      built.flushCaches();
      state.options?.beforeFlush?.();
    };
    const onError = (err: unknown): void => {
      this.error = err instanceof Error ? err.message : String(err);
      pc.skip(`query ${id} stopped: ${this.error}`);
    };
    // a topic read by two sides of a join (never: self joins are refused) has one source here
    const sources = new Map(built.inputs.map((i) => [i.topic, i.source]));
    const only = built.inputs.length === 1 ? built.inputs[0]!.source : undefined;
    const handle = only
      ? (rec: TopicRecord, topic: string): void => {
          this.current = rec;
          this.currentTopic = topic;
          only.handle(rec);
        }
      : (rec: TopicRecord, topic: string): void => {
          this.current = rec;
          this.currentTopic = topic;
          sources.get(topic)!.handle(rec);
        };
    // only a query calling remote functions pays for them; the others keep the synchronous path
    const remote = pc.compile.registry.remote;
    const viaRemote = remote !== undefined && remote.usedIn(plan).length > 0 ? remote : undefined;
    // a record whose remote call was in flight when the query closed (TERMINATE, DROP) writes nothing
    const stillOpen = (rec: TopicRecord, topic: string): void => void (this.closed || handle(rec, topic));
    const topics = this.sourceTopics.length === 1 ? this.sourceTopics[0]! : this.sourceTopics;
    this.subs = [
      pc.driver.subscribe(
        topics,
        from,
        viaRemote ? (rec, topic) => runRecordWithRemote(viaRemote, () => stillOpen(rec, topic), pc.skip) : handle,
        {
          ...(groupId !== undefined ? { groupId } : {}),
          ...state.options,
          beforeFlush,
          replayFromEarliest: state.replayFromEarliest,
          onError,
        },
      ),
    ];
  }

  close(): void {
    this.closed = true;
    for (const s of this.subs) s.close();
    this.subs = [];
  }

  /** Stops the query and deletes its internal topics (DROP, TERMINATE), as ksqlDB does. */
  destroy(driver: { deleteTopic(name: string): void }): void {
    this.close();
    for (const t of this.changelogTopics) driver.deleteTopic(t);
  }
}
