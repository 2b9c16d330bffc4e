// A persistent query that is running: its id, plan, the operators it built and the driver
// subscription feeding it. Closing it stops delivery; its state is dropped with it.
import type { LogicalPlan } from '../plan/logical-plan.js';
import { printPlan } from '../plan/logical-plan.js';
import { buildPipeline, type PipelineContext } from './build-pipeline.js';
import type { Subscription } from './topic-driver.js';

export class RunningQuery {
  private sub: Subscription | undefined;
  readonly explainText: string;

  constructor(
    readonly id: string,
    readonly plan: LogicalPlan,
    readonly statementText: string,
    readonly sinkName: string,
    readonly sourceName: string,
    pc: PipelineContext,
    from: 'earliest' | 'latest',
  ) {
    const built = buildPipeline(plan, pc);
    this.explainText = `${printPlan(plan)}\nOperators:\n${[built.source.explain(), ...built.operators.map((o) => o.explain())].map((l) => `  ${l}`).join('\n')}`;
    const srcNode = plan.nodes[0]!;
    const topic = srcNode.kind === 'Source' ? srcNode.source.topic : '';
    this.sub = pc.driver.subscribe(topic, from, (rec) => built.source.handle(rec));
  }

  close(): void {
    this.sub?.close();
    this.sub = undefined;
  }
}
