// Builds the ksqlDB client and the statement runner for the migration commands from the config:
// URL, basic auth, request timeout, retry on the context's clock, command following.
import { KsqlDbClient } from '../clients/ksqldb/client.js';
import { executeStatement, type ExecuteOptions } from '../clients/ksqldb/execute.js';
import type { KsqlEntity } from '../clients/ksqldb/wire.js';
import { defaultRetry } from '../../core/retry.js';
import type { Context } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { readFileSync } from 'node:fs';

export interface KsqlSession {
  client: KsqlDbClient;
  run: (sql: string, streamsProperties?: Record<string, string>) => Promise<KsqlEntity[]>;
}

export function openKsqlSession(ctx: Context): KsqlSession {
  const c = ctx.config.ksql;
  const client = new KsqlDbClient({
    baseUrl: c.url,
    timeoutMs: c.timeoutMs,
    caPem: c.caFile === undefined ? undefined : readCa(c.caFile),
    auth: c.user !== undefined && c.password !== undefined ? { user: c.user, password: c.password } : undefined,
  });
  const base: ExecuteOptions = {
    retry: { ...defaultRetry, sleep: ctx.clock.sleep },
    commandTimeoutMs: c.commandTimeoutMs,
    pollIntervalMs: 250,
    now: ctx.clock.now,
  };
  return {
    client,
    run: (sql, streamsProperties = {}) => executeStatement(client, sql, { ...base, streamsProperties }),
  };
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ZiemError('CONFIG_FILE', `field ksql.caFile: cannot read ${path}`, { cause: err });
  }
}
