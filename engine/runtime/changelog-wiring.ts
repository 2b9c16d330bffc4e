// Decides how a persistent query's aggregation state survives a restart: backed by a changelog
// topic when the driver offers changelogs (restored before the source is read from its committed
// position), or rebuilt by replaying the source from its start otherwise.
import { isStateful } from '../exec/operators/aggregate-core.js';
import type { Operator } from '../exec/operators/operator.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { ChangelogStore, changelogTopicName } from './changelog-store.js';
import type { SubscribeOptions, TopicDriver, TopicRecord } from '../exec/topic-driver.js';

export interface QueryState {
  /** No changelog could hold the state: read the source from its start on every start. */
  replayFromEarliest: boolean;
  /** The changelog topic, when one backs the state. */
  topic?: string;
  options?: Pick<SubscribeOptions, 'restore' | 'beforeFlush'>;
}

export function attachChangelog(
  plan: LogicalPlan,
  operators: Operator[],
  driver: TopicDriver,
  groupId: string,
  current: () => TopicRecord | undefined,
): QueryState {
  if (!plan.nodes.some((n) => n.kind === 'Aggregate')) return { replayFromEarliest: false };
  const src = plan.nodes[0]!;
  const stateful = operators.filter(isStateful);
  // a table source's previous rows (needed to retract them) are rebuilt only by a replay
  if (driver.changelogs !== true || src.kind !== 'Source' || src.source.kind === 'TABLE' || stateful.length !== 1)
    return { replayFromEarliest: true };
  const store = new ChangelogStore(driver, changelogTopicName(groupId), current);
  store.ensureTopic(driver.topicSpec(src.source.topic)?.partitions ?? src.source.partitions);
  const op = stateful[0]!;
  op.attachStore(store);
  return {
    replayFromEarliest: false,
    topic: store.topic,
    options: { restore: async () => op.restore(await store.read()), beforeFlush: () => store.write() },
  };
}
