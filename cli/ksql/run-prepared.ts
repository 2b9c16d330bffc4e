// Runs the prepared statements of one file in order: SET/UNSET change the properties sent with
// later statements, commands go to /ksql (followed to SUCCESS), INSERT … VALUES go through
// DESCRIBE and /inserts-stream. Each statement's progress goes to stderr.
import type { SourceDescription } from '../clients/ksqldb/wire.js';
import type { Logger } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { StatementFailure } from './statement-failure.js';
import type { KsqlSession } from './ksql-session.js';
import type { PreparedStatement, Route } from './prepare-file.js';
import { isSent } from './statement-progress.js';

async function insertValues(session: KsqlSession, r: Extract<Route, { kind: 'insert-values' }>): Promise<void> {
  let columns = r.columns;
  if (!columns) {
    const entities = await session.run(`DESCRIBE ${r.target};`);
    const desc = (entities[0] as { sourceDescription?: SourceDescription } | undefined)?.sourceDescription;
    if (!desc) throw new ZiemError('INSERT_VALUES', `DESCRIBE ${r.target} returned no source description`);
    columns = desc.fields.filter((f) => f.type !== 'HEADER').map((f) => f.name);
  }
  if (columns.length !== r.values.length)
    throw new ZiemError(
      'INSERT_VALUES',
      `expected ${columns.length} values for ${columns.join(', ')}, got ${r.values.length}`,
    );
  const row = Object.fromEntries(columns.map((c, i) => [c, r.values[i]]));
  await session.client.insert(r.target, [row]);
}

/** Runs the statements in order; the first `skip` statements that go to the server were run by an
 *  earlier attempt (statement-progress.ts) and are not sent again (SET/UNSET still apply). */
export async function runPrepared(
  session: KsqlSession,
  prepared: readonly PreparedStatement[],
  log: Logger,
  skip = 0,
): Promise<void> {
  const props: Record<string, string> = {};
  let sent = 0;
  for (const [i, p] of prepared.entries()) {
    const short = p.text.replace(/\s+/g, ' ').slice(0, 80);
    if (isSent(p) && sent++ < skip) {
      log.info(`  done ${p.where}  ${short} (by the earlier attempt)`);
      continue;
    }
    try {
      switch (p.route.kind) {
        case 'variable':
          continue;
        case 'set':
          props[p.route.name] = p.route.value;
          continue;
        case 'unset':
          delete props[p.route.name];
          continue;
        case 'insert-values':
          await insertValues(session, p.route);
          break;
        case 'ksql':
          await session.run(p.text, props);
          break;
      }
      log.info(`  ok   ${p.where}  ${short}`);
    } catch (err) {
      log.info(`  FAIL ${p.where}  ${short}`);
      throw new StatementFailure(p, err, prepared.slice(0, i));
    }
  }
}
