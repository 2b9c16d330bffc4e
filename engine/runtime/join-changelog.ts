// Backs a persistent join's state by changelog topics on Kafka, named as ksqlDB names its stores'
// changelogs: a table side's source store `<prefix>KafkaTopic_Left|Right-Reduce-changelog`, a
// stream-stream join's window stores `<prefix>Join-[outer-]this|other-join-store-changelog` and
// its waiting outer rows `<prefix>Join-left|outer-shared-join-store-changelog` (prefix `L_` per
// level for the joins an n-way join's left side nests). Restore reads them all before the sources
// are read from their committed positions and rebuilds each join from the inside out.
import { StreamStreamJoinOperator } from '../exec/operators/stream-stream-join.js';
import { printExpression } from '../syntax/index.js';
import type { TopicDriver, TopicRecord } from '../exec/topic-driver.js';
import type { Value } from '../types/values.js';
import type { BuiltJoinTree, BuiltSide } from './build-join.js';
import { ChangelogStore } from './changelog-store.js';

export interface JoinState {
  /** Every changelog topic of the join's stores. */
  topics: string[];
  restore: () => Promise<void>;
  /** Writes the batch's changes (before the flush that precedes the commit). */
  write: () => void;
}

/** The store names of a join tree, as ksqlDB's query context names them (for EXPLAIN too). */
export function joinStoreNames(tree: BuiltJoinTree, prefix = ''): string[] {
  const names: string[] = [];
  const side = (s: BuiltSide, which: 'Left' | 'Right'): void => {
    if (s.inner) names.push(...joinStoreNames(s.inner, `${prefix}L_`));
    else if (s.source?.def.kind === 'TABLE') names.push(`${prefix}KafkaTopic_${which}-Reduce`);
  };
  side(tree.left, 'Left');
  side(tree.right, 'Right');
  if (tree.join instanceof StreamStreamJoinOperator) names.push(...streamStoreNames(tree, prefix));
  return names;
}

function streamStoreNames(tree: BuiltJoinTree, prefix: string): string[] {
  const t = tree.node.joinType;
  const leftOuter = t === 'LEFT' || t === 'FULL';
  const rightOuter = t === 'RIGHT' || t === 'FULL';
  const names = [
    `${prefix}Join-${leftOuter ? 'outer-' : ''}this-join-store`,
    `${prefix}Join-${rightOuter ? 'outer-' : ''}other-join-store`,
  ];
  if ((tree.join as StreamStreamJoinOperator).holdsWaiting)
    names.push(`${prefix}Join-${t === 'FULL' ? 'outer' : 'left'}-shared-join-store`);
  return names;
}

/** EXPLAIN's lines for the sides a join repartitions: done in process (one engine reads every
 *  partition), named after the topic ksqlDB would create for it. */
export function repartitionLines(tree: BuiltJoinTree, groupId: string, prefix = ''): string[] {
  const lines: string[] = [];
  const n = tree.node;
  for (const [which, s] of [
    ['left', n.left],
    ['right', n.right],
  ] as const) {
    if (s.inner)
      lines.push(...repartitionLines((which === 'left' ? tree.left : tree.right).inner!, groupId, `${prefix}L_`));
    if (!s.repartition) continue;
    const topic = n.shape === 'STREAM_TABLE' ? `${prefix}Join-repartition` : `${prefix}Join-${which}-repartition`;
    lines.push(
      `Repartition: ${which} ${s.alias} BY ${printExpression(s.key)}, in process (ksqlDB's topic ${groupId}-${topic})`,
    );
  }
  return lines;
}

export function attachJoinChangelogs(
  tree: BuiltJoinTree,
  driver: TopicDriver,
  groupId: string,
  partitions: number,
  current: () => TopicRecord | undefined,
  position: () => string | undefined,
): JoinState {
  const stores: ChangelogStore[] = [];
  const store = (name: string): ChangelogStore => {
    const s = new ChangelogStore(driver, `${groupId}-${name}-changelog`, current);
    s.ensureTopic(partitions);
    stores.push(s);
    return s;
  };
  /** Wires a join's stores; returns the restore of its state, which gives back its output rows. */
  const wire = (t: BuiltJoinTree, prefix: string): (() => Promise<Value[][]>) => {
    const side = (s: BuiltSide, which: 'Left' | 'Right'): (() => Promise<void>) => {
      if (s.inner) {
        const inner = wire(s.inner, `${prefix}L_`);
        return async () => (await inner()).forEach((row) => s.adapter.restore(row));
      }
      const src = s.source!;
      if (src.def.kind !== 'TABLE') return () => Promise.resolve();
      const log = store(`${prefix}KafkaTopic_${which}-Reduce`);
      src.op.attachTableLog(log);
      return async () => src.op.restoreTable(await log.read()).forEach((row) => s.adapter.restore(row));
    };
    const left = side(t.left, 'Left');
    const right = side(t.right, 'Right');
    const j = t.join;
    if (j instanceof StreamStreamJoinOperator) {
      const [l, r, w] = streamStoreNames(t, prefix).map(store);
      j.attachStores({ left: l!, right: r!, ...(w ? { waiting: w } : {}), position });
      return async () => {
        await left();
        await right();
        j.restore(await l!.read(), await r!.read(), w ? await w.read() : new Map());
        return [];
      };
    }
    return async () => {
      await left();
      await right();
      return j.finishRestore();
    };
  };
  const restore = wire(tree, '');
  return {
    topics: stores.map((s) => s.topic),
    restore: async () => void (await restore()),
    write: () => stores.forEach((s) => s.write()),
  };
}
