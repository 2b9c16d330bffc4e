// Helpers for integration tests that look at Kafka and Neo4j from outside: count graph elements with
// neo4j-driver, wait for a condition with a deadline, read a consumer group's committed offsets.
import neo4j, { type Driver } from 'neo4j-driver';
import type { Admin } from 'kafkajs';

export function testDriver(boltUrl: string, user: string, password: string): Driver {
  return neo4j.driver(boltUrl, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
}

export async function scalar(driver: Driver, cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const r = await driver.executeQuery(cypher, params);
  return Number(r.records[0]?.get(0) ?? 0);
}

/** Polls until check() is true; fails with the last observed value after timeoutMs. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sum of committed offsets of a group on a topic (-1 = nothing committed counts as 0). */
export async function committed(admin: Admin, groupId: string, topic: string): Promise<number> {
  const res = await admin.fetchOffsets({ groupId, topics: [topic] });
  return res.flatMap((t) => t.partitions).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
}
