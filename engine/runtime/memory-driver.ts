// The in-memory topic driver: each topic is an append-only array; produce delivers to every
// subscriber synchronously, so one input record flows through all downstream queries before
// the next (what Kafka Streams' TopologyTestDriver does with caching off). A handler that returns a
// promise (a remote function call) gets its later records queued behind it; settle() waits for those.
// Topics keep every record unless the driver is told not to (benchmarks measuring the engine alone,
// `ziem analyze`); a topic that keeps none takes deferred records and text records as they are,
// whose bytes are written only if a subscriber reads them (deferred-record.ts, text-record.ts).
import { MemorySchemaRegistry } from '../exec/serde/memory-schema-registry.js';
import { ExecError } from '../errors.js';
import type { RecordHandler, Subscription, TopicDriver, TopicRecord, TopicSpec } from '../exec/topic-driver.js';
import { DeferredRecord } from '../exec/deferred-record.js';
import { TextRecord } from '../exec/text-record.js';

/** One subscriber. While its handler's promise is pending, later records wait in `queue`, in order. */
interface Sub {
  handler: (rec: TopicRecord) => void | Promise<void>;
  pending: Promise<void> | undefined;
  queue: TopicRecord[];
  closed: boolean;
}

interface Topic {
  spec: TopicSpec;
  log: TopicRecord[];
  /** Whether `log` keeps the records (otherwise only the offsets advance). */
  retain: boolean;
  nextOffset: number;
  /** Replaced (never mutated) on subscribe/close, so delivery can iterate it safely. */
  handlers: Sub[];
}

export interface MemoryDriverOptions {
  /** Which topics keep their records (default: all). A topic that keeps none cannot be read or
   *  subscribed to from the earliest offset once it has records: that fails instead of missing them. */
  retain?: (topic: string) => boolean;
}

/** Where kept records' bytes are copied when they are a small slice of a larger allocation (Node's
 *  8 KB Buffer pool): a retained slice keeps the whole slab alive, so records produced between
 *  other allocations (a server writing rows to 200 sockets) held far more memory than their size.
 *  The arena's own slabs hold only kept bytes, so copying costs a memcpy, not an allocation. */
class KeptBytes {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  keep(b: Buffer | null): Buffer | null {
    if (b === null || b.buffer.byteLength <= 2 * b.length + 256) return b;
    if (b.length > 4096) {
      const own = Buffer.allocUnsafeSlow(b.length);
      b.copy(own);
      return own;
    }
    if (this.used + b.length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(64 * 1024);
      this.used = 0;
    }
    b.copy(this.slab, this.used);
    const out = this.slab.subarray(this.used, this.used + b.length);
    this.used += b.length;
    return out;
  }
}

export class MemoryDriver implements TopicDriver {
  /** An in-memory Schema Registry, as ksqlDB's test harness has (MockSchemaRegistryClient). */
  readonly schemaRegistry = new MemorySchemaRegistry();
  private readonly store = new Map<string, Topic>();
  private readonly retain: (topic: string) => boolean;
  private readonly kept = new KeptBytes();

  constructor(o: MemoryDriverOptions = {}) {
    this.retain = o.retain ?? (() => true);
  }
  /** Deliveries waiting on a handler's promise; settle() awaits them. */
  private readonly draining = new Set<Promise<void>>();
  private failure: unknown;

  createTopic(name: string, spec: TopicSpec): void {
    if (!this.store.has(name))
      this.store.set(name, { spec, log: [], retain: this.retain(name), nextOffset: 0, handlers: [] });
  }

  hasTopic(name: string): boolean {
    return this.store.has(name);
  }

  topicSpec(name: string): TopicSpec | undefined {
    return this.store.get(name)?.spec;
  }

  deleteTopic(name: string): void {
    this.store.delete(name);
  }

  topics(): string[] {
    return [...this.store.keys()];
  }

  /** A topic that keeps no records takes deferred records: only its subscribers see them. */
  defersBytes(topic: string): boolean {
    const t = this.store.get(topic);
    return t !== undefined && !t.retain;
  }

  produce(topic: string, rec: TopicRecord): void {
    const t = this.store.get(topic);
    if (!t) throw new ExecError(`topic ${topic} does not exist`);
    if (!t.retain && (rec instanceof DeferredRecord || rec instanceof TextRecord)) {
      // made for this delivery alone (by a sink, or a producer of text): numbered in place, its
      // bytes left unwritten
      rec.offset = t.nextOffset++;
      const handlers = t.handlers;
      for (let i = 0; i < handlers.length; i++) this.deliver(handlers[i]!, rec);
      return;
    }
    const stored: TopicRecord = {
      key: t.retain ? this.kept.keep(rec.key) : rec.key,
      value: t.retain ? this.kept.keep(rec.value) : rec.value,
      timestamp: rec.timestamp,
      headers: rec.headers,
      partition: rec.partition,
      offset: t.nextOffset++,
    };
    if (t.retain) t.log.push(stored);
    const handlers = t.handlers;
    for (let i = 0; i < handlers.length; i++) this.deliver(handlers[i]!, stored);
  }

  private deliver(sub: Sub, rec: TopicRecord): void {
    if (sub.pending !== undefined) {
      sub.queue.push(rec);
      return;
    }
    const p = sub.handler(rec);
    if (p !== undefined) this.drain(sub, p);
  }

  /** Runs the queued records behind a pending handler, one at a time, until the queue is empty. */
  private drain(sub: Sub, first: Promise<void>): void {
    const run = async (): Promise<void> => {
      try {
        await first;
        while (sub.queue.length > 0 && !sub.closed) {
          const next = sub.handler(sub.queue.shift()!);
          if (next !== undefined) await next;
        }
      } catch (err) {
        this.failure ??= err;
      } finally {
        sub.queue.length = 0;
        sub.pending = undefined;
      }
    };
    const p = run();
    sub.pending = p;
    this.draining.add(p);
    void p.finally(() => this.draining.delete(p));
  }

  subscribe(topics: string | readonly string[], from: 'earliest' | 'latest', handler: RecordHandler): Subscription {
    if (typeof topics === 'string') return this.subscribeOne(topics, from, handler);
    const subs = topics.map((t) => this.subscribeOne(t, from, handler));
    return { close: () => subs.forEach((s) => s.close()) };
  }

  private subscribeOne(topic: string, from: 'earliest' | 'latest', handler: RecordHandler): Subscription {
    const t = this.store.get(topic);
    if (!t) throw new ExecError(`topic ${topic} does not exist`);
    const sub: Sub = { handler: (rec) => handler(rec, topic), pending: undefined, queue: [], closed: false };
    if (from === 'earliest') {
      this.requireRetained(topic, t);
      for (const r of [...t.log]) this.deliver(sub, r);
    }
    t.handlers = [...t.handlers, sub];
    return {
      close: () => {
        sub.closed = true;
        t.handlers = t.handlers.filter((h) => h !== sub);
      },
    };
  }

  read(topic: string): TopicRecord[] {
    const t = this.store.get(topic);
    if (t) this.requireRetained(topic, t);
    return [...(t?.log ?? [])];
  }

  private requireRetained(topic: string, t: Topic): void {
    if (!t.retain && t.nextOffset > 0)
      throw new ExecError(
        `topic ${topic} keeps no records in this in-memory driver, so its ${t.nextOffset} earlier record(s) cannot be read`,
      );
  }

  snapshot(topic: string): Promise<TopicRecord[]> {
    return Promise.resolve(this.read(topic));
  }

  /** Topics exist only here: nothing to reload. */
  refreshTopics(): Promise<void> {
    return Promise.resolve();
  }

  /** Synchronous deliveries are done already; waits for those queued behind a handler's promise
   *  (which may produce more), then reports the first failure of an asynchronous handler. */
  async settle(): Promise<void> {
    while (this.draining.size > 0) await Promise.all([...this.draining]);
    const err = this.failure;
    this.failure = undefined;
    if (err !== undefined) throw err;
  }
}
