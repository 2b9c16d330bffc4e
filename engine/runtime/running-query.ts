// A persistent query that is running: its id, plan, the operators it built and the driver
// subscription feeding it. Closing it stops delivery; its state is dropped with it.
import type { LogicalPlan } from '../plan/logical-plan.js';
import { printPlan } from '../plan/logical-plan.js';
import { buildPipeline, type PipelineContext } from './build-pipeline.js';
import type { Subscription, TopicRecord } from './topic-driver.js';

export class RunningQuery {
  private sub: Subscription | undefined;
  readonly explainText: string;
  /** The record being processed: the processing log names it when the query skips it. */
  current: TopicRecord | undefined;
  /** Set when the query stopped on an error (ksqlDB's ERROR state). */
  error: string | undefined;

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
    const built = buildPipeline(plan, pc);
    this.explainText = `${printPlan(plan)}\nOperators:\n${[built.source.explain(), ...built.operators.map((o) => o.explain())].map((l) => `  ${l}`).join('\n')}`;
    const srcNode = plan.nodes[0]!;
    const topic = srcNode.kind === 'Source' ? srcNode.source.topic : '';
    // a persistent query's aggregation state is held in memory only, so a restart rebuilds it by
    // reading the source again (a transient query starts empty anyway)
    const replayFromEarliest = groupId !== undefined && plan.nodes.some((n) => n.kind === 'Aggregate');
    const onError = (err: unknown): void => {
      this.error = err instanceof Error ? err.message : String(err);
      pc.skip(`query ${id} stopped: ${this.error}`);
    };
    this.sub = pc.driver.subscribe(topic, from, (rec) => {
      this.current = rec;
      built.source.handle(rec);
    }, { ...(groupId !== undefined ? { groupId } : {}), replayFromEarliest, onError });
  }

  close(): void {
    this.sub?.close();
    this.sub = undefined;
  }
}
