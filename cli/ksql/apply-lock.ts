// ziem's apply lock (ksql-migrations has none): a row with key LOCK in the metadata stream naming
// its owner and expiry. Taking it means writing our row, waiting for the table to settle and
// reading it back: when two applies race, the later write wins and the earlier writer sees the
// other owner and waits. An expired lock is taken over; a live one only with breakLock.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { KsqlDbClient } from '../clients/ksqldb/client.js';
import type { Logger } from '../context.js';
import type { Clock } from '../../core/clock.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { readRow, writeState } from './history.js';
import type { MigrationRow } from './metadata.js';

export const LOCK_KEY = 'LOCK';

export interface LockOptions {
  waitMs: number;
  ttlMs: number;
  settleMs: number;
  pollMs: number;
  breakLock: boolean;
  clock: Clock;
  log: Logger;
}

export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

function lockRow(owner: string, state: 'LOCKED' | 'UNLOCKED', since: number, until: number): MigrationRow {
  return {
    versionKey: LOCK_KEY,
    version: '',
    name: owner,
    state: state as MigrationRow['state'],
    checksum: '',
    startedOn: String(since),
    completedOn: String(until),
    previous: '',
    errorReason: 'N/A',
  };
}

function heldByOther(row: MigrationRow | undefined, owner: string, now: number): boolean {
  return row !== undefined && (row.state as string) === 'LOCKED' && row.name !== owner && Number(row.completedOn) > now;
}

export async function acquireLock(client: KsqlDbClient, owner: string, o: LockOptions): Promise<void> {
  const deadline = o.clock.now() + o.waitMs;
  let announced = false;
  let breakLock = o.breakLock;
  for (;;) {
    const row = await readRow(client, LOCK_KEY);
    const now = o.clock.now();
    if (heldByOther(row, owner, now) && !breakLock) {
      if (now >= deadline)
        throw new ZiemError(
          'MIGRATION_LOCKED',
          `another apply holds the migration lock: ${row!.name}, until ${new Date(Number(row!.completedOn)).toISOString()}`,
          {
            retriable: false,
            hint: 'wait for it to finish; if it died, run `ziem ksql apply --break-lock`',
          },
        );
      if (!announced) o.log.info(`waiting for the migration lock held by ${row!.name}`);
      announced = true;
      await o.clock.sleep(o.pollMs);
      continue;
    }
    const lock = lockRow(owner, 'LOCKED', now, now + o.ttlMs);
    await writeState(client, [lock]);
    await o.clock.sleep(o.settleMs);
    const back = await readRow(client, LOCK_KEY);
    if (back?.name === owner) return;
    breakLock = false; // someone else won the race: from now on wait like everyone else
  }
}

export async function releaseLock(client: KsqlDbClient, owner: string, clock: Clock): Promise<void> {
  const now = clock.now();
  const row = lockRow(owner, 'UNLOCKED', now, now);
  await writeState(client, [row]);
}
