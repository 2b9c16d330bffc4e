// Runs one statement the way the ksql CLI does: send it (retrying 429/503xx with backoff), then
// follow a command that is not final yet by polling GET /status/<commandId> until SUCCESS or ERROR.
import { KsqlDbError, TimeoutError } from '../../../core/errors/ziem-error.js';
import { retry, type RetryOptions } from '../../../core/retry.js';
import type { KsqlDbClient, StatementOptions } from './client.js';
import { FINAL_STATES, type CommandStatus, type KsqlEntity } from './wire.js';

export interface ExecuteOptions extends StatementOptions {
  retry: RetryOptions;
  /** How long to follow a QUEUED/EXECUTING command before giving up. */
  commandTimeoutMs: number;
  pollIntervalMs: number;
  now: () => number;
}

async function followCommand(
  client: KsqlDbClient,
  commandId: string,
  first: CommandStatus,
  o: ExecuteOptions,
): Promise<CommandStatus> {
  let status = first;
  const deadline = o.now() + o.commandTimeoutMs;
  while (!FINAL_STATES.has(status.status)) {
    if (o.now() >= deadline)
      throw new TimeoutError(
        `command ${commandId} is still ${status.status} after ${o.commandTimeoutMs} ms: ${status.message}`,
      );
    await o.retry.sleep(o.pollIntervalMs);
    status = await retry(() => client.status(commandId), o.retry);
  }
  return status;
}

/** Sends one statement; returns its entities with every command followed to a final status. */
export async function executeStatement(client: KsqlDbClient, sql: string, o: ExecuteOptions): Promise<KsqlEntity[]> {
  const entities = await retry(() => client.ksql(sql, o), o.retry);
  for (const e of entities) {
    if (e['@type'] !== 'currentStatus') continue;
    const cs = e as Extract<KsqlEntity, { '@type': 'currentStatus' }>;
    const final = await followCommand(client, cs.commandId, cs.commandStatus, o);
    cs.commandStatus = final;
    if (final.status === 'ERROR')
      throw new KsqlDbError(50000, 200, `ksqlDB command ${cs.commandId} failed: ${final.message}`, {
        statementText: cs.statementText,
      });
  }
  return entities;
}
