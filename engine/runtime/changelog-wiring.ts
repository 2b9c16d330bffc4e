// Decides how a persistent query's state survives a restart: backed by changelog topics when the
// driver offers changelogs (restored before the sources are read from their committed positions),
// or rebuilt by replaying the sources from their start otherwise. An aggregation's store has one
// changelog; a join's stores have theirs (join-changelog.ts).
import { isStateful } from '../exec/operators/aggregate-core.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { ChangelogStore, changelogTopicName } from './changelog-store.js';
import type { SubscribeOptions, TopicDriver, TopicRecord } from '../exec/topic-driver.js';
import type { BuiltPipeline } from './build-pipeline.js';
import { attachJoinChangelogs } from './join-changelog.js';

export interface QueryState {
  /** No changelog could hold the state: read the sources from their start on every start. */
  replayFromEarliest: boolean;
  /** The changelog topics backing the state. */
  topics: string[];
  options?: Pick<SubscribeOptions, 'restore' | 'beforeFlush'>;
}

export function attachChangelog(
  plan: LogicalPlan,
  built: BuiltPipeline,
  driver: TopicDriver,
  groupId: string,
  current: () => TopicRecord | undefined,
  /** The record being processed as `topic:partition:offset` (names a join's stored rows). */
  position: () => string | undefined,
): QueryState {
  const aggregates = plan.nodes.some((n) => n.kind === 'Aggregate');
  const src = plan.nodes[0]!;
  if (src.kind === 'Join') {
    // an aggregation over a join keeps its state in memory, rebuilt with the join's by a replay
    if (driver.changelogs !== true || aggregates || !built.join) return { replayFromEarliest: true, topics: [] };
    const partitions = Math.max(...built.inputs.map((i) => driver.topicSpec(i.topic)?.partitions ?? 1));
    const state = attachJoinChangelogs(built.join, driver, groupId, partitions, current, position);
    return {
      replayFromEarliest: false,
      topics: state.topics,
      options: { restore: state.restore, beforeFlush: state.write },
    };
  }
  if (!aggregates) return { replayFromEarliest: false, topics: [] };
  const stateful = built.operators.filter(isStateful);
  // a table source's previous rows (needed to retract them) are rebuilt only by a replay
  if (driver.changelogs !== true || src.kind !== 'Source' || src.source.kind === 'TABLE' || stateful.length !== 1)
    return { replayFromEarliest: true, topics: [] };
  const store = new ChangelogStore(driver, changelogTopicName(groupId), current);
  store.ensureTopic(driver.topicSpec(src.source.topic)?.partitions ?? src.source.partitions);
  const op = stateful[0]!;
  op.attachStore(store);
  return {
    replayFromEarliest: false,
    topics: [store.topic],
    options: { restore: async () => op.restore(await store.read()), beforeFlush: () => store.write() },
  };
}
