// A throw-away copy of the live engine for validating a request before anything runs (ksqlDB's
// "sandbox"): the catalog is cloned, queries are present but inert, and topics created or records
// produced stay in a scratch driver that only reads through to the live one.
import { Engine } from '../runtime/engine.js';
import { ProcessingLog } from '../runtime/processing-log.js';
import type { RunningQuery } from '../runtime/running-query.js';
import type { Subscription, TopicDriver, TopicRecord, TopicSpec } from '../exec/topic-driver.js';

class ScratchDriver implements TopicDriver {
  private readonly created = new Map<string, TopicSpec>();
  private readonly deleted = new Set<string>();

  constructor(private readonly live: TopicDriver) {}

  /** The live registry: inference reads it; a scratch query writes no record, so registers nothing. */
  get schemaRegistry(): TopicDriver['schemaRegistry'] {
    return this.live.schemaRegistry;
  }

  createTopic(name: string, spec: TopicSpec): void {
    this.deleted.delete(name);
    if (!this.hasTopic(name)) this.created.set(name, spec);
  }

  hasTopic(name: string): boolean {
    return !this.deleted.has(name) && (this.created.has(name) || this.live.hasTopic(name));
  }

  topicSpec(name: string): TopicSpec | undefined {
    if (this.deleted.has(name)) return undefined;
    return this.created.get(name) ?? this.live.topicSpec(name);
  }

  deleteTopic(name: string): void {
    this.created.delete(name);
    this.deleted.add(name);
  }

  topics(): string[] {
    return [...new Set([...this.live.topics(), ...this.created.keys()])].filter((t) => !this.deleted.has(t));
  }

  produce(): void {
    // validation never writes: INSERT … VALUES is checked up to serialisation only
  }

  subscribe(): Subscription {
    return { close: () => undefined };
  }

  read(): TopicRecord[] {
    return [];
  }

  snapshot(): Promise<TopicRecord[]> {
    return Promise.resolve([]);
  }

  settle(): Promise<void> {
    return Promise.resolve();
  }

  refreshTopics(): Promise<void> {
    return Promise.resolve();
  }
}

/** A copy of `live` that statements can be executed against without effect on it. */
export function scratchEngine(live: Engine): Engine {
  const scratch = new Engine({
    driver: new ScratchDriver(live.driver),
    props: { ...live.props },
    registry: live.registry,
    log: new ProcessingLog(),
    assumeTopicsExist: live.assumeTopicsExist,
  });
  for (const s of live.catalog.all()) scratch.catalog.put({ ...s, columns: [...s.columns] });
  for (const [id, q] of live.queries) {
    // same id, plan and sources as the live query, but closing it (DROP, TERMINATE) does nothing
    const inert = Object.create(q) as RunningQuery;
    Object.defineProperty(inert, 'close', { value: () => undefined });
    scratch.queries.set(id, inert);
  }
  return scratch;
}
