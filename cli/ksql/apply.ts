// `ziem ksql apply`: plans which migration files to run (plan-apply.ts), prints the plan, and with
// the lock held runs each file statement by statement, recording RUNNING, then MIGRATED or ERROR,
// in the metadata ksql-migrations uses. A failed statement stops the run; fixing the file and
// applying again retries that version, resuming after the statements the failed attempt ran
// (statement-progress.ts).
import { basename, join } from 'node:path';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { acquireLock, newOwnerId, releaseLock } from './apply-lock.js';
import { ensureMetadata, metadataExists, readHistory, readRow, writeState } from './history.js';
import { stateChangeRows, type MigrationRow } from './metadata.js';
import { alreadyDone, progressNote } from './statement-progress.js';
import { discoverMigrations, type MigrationFile } from './migration-files.js';
import { lastMigrated, planApply, type ApplyMode } from './plan-apply.js';
import { prepareFile, type PreparedStatement } from './prepare-file.js';
import { openKsqlSession, type KsqlSession } from './ksql-session.js';
import { runPrepared } from './run-prepared.js';
import { StatementFailure } from './statement-failure.js';

export interface ApplyOptions {
  mode: ApplyMode;
  dryRun: boolean;
  defines: Record<string, string>;
  breakLock: boolean;
}

export interface ApplyResult {
  applied: number[];
  current: number;
}

function loadFiles(ctx: Context): { files: MigrationFile[]; rel: (f: MigrationFile) => string } {
  const { files, skipped } = discoverMigrations(ctx.config.ksql.migrationsDir);
  for (const s of skipped) ctx.log.warn(`skipping ${s}: not named V<6 digits>__<name>.sql`);
  // Files are named as in the project, `ksql/V000003__Flows.sql`, wherever ziem runs from.
  const folder = basename(ctx.config.ksql.migrationsDir);
  return { files, rel: (f) => join(folder, f.fileName) };
}

async function waitForPrevious(session: KsqlSession, previous: number | undefined, ctx: Context): Promise<void> {
  if (previous === undefined) return;
  // The table lags the stream: ksql-migrations re-checks up to 10 times, 1 s apart.
  for (let i = 0; i < 10; i++) {
    const row = await readRow(session.client, String(previous));
    if (row?.state === 'MIGRATED') return;
    await ctx.clock.sleep(1000);
  }
  throw new ZiemError(
    'MIGRATION_ORDER',
    `version ${previous} is not recorded as MIGRATED; refusing to apply the next version`,
  );
}

async function applyFile(
  session: KsqlSession,
  ctx: Context,
  file: MigrationFile,
  prepared: PreparedStatement[],
  previous: number | undefined,
  earlier: MigrationRow | undefined,
): Promise<void> {
  await waitForPrevious(session, previous, ctx);
  const skip = earlier?.state === 'ERROR' ? alreadyDone(prepared, earlier.errorReason) : 0;
  if (skip > 0) ctx.log.info(`version ${file.version}: resuming after the ${skip} statement(s) its failed attempt ran`);
  const startedOn = ctx.clock.now();
  const base = { version: file.version, name: file.name, checksum: file.checksum, startedOn, previous };
  await writeState(session.client, stateChangeRows({ ...base, state: 'RUNNING' }));
  try {
    await runPrepared(session, prepared, ctx.log, skip);
  } catch (err) {
    const failed = err instanceof StatementFailure ? err : undefined;
    // the progress note counts what ran in this attempt and in the one it resumed
    const reason = failed
      ? `Failed to execute sql: ${failed.statement.text}. Error: ${failed.message}${progressNote(failed.before)}`
      : String(err);
    await writeState(
      session.client,
      stateChangeRows({ ...base, state: 'ERROR', completedOn: ctx.clock.now(), errorReason: reason }),
    );
    throw err;
  }
  await writeState(session.client, stateChangeRows({ ...base, state: 'MIGRATED', completedOn: ctx.clock.now() }));
}

function printPlan(
  ctx: Context,
  items: Array<{ file: MigrationFile; rel: string; prepared: PreparedStatement[] }>,
  dryRun: boolean,
): void {
  if (ctx.json) return;
  for (const { file, rel, prepared } of items) {
    ctx.stdout.write(`${dryRun ? 'would apply' : 'applying'} version ${file.version} (${file.name}) from ${rel}:\n`);
    for (const p of prepared) ctx.stdout.write(`  ${p.where}  [${p.route.kind}] ${p.text}\n`);
  }
}

export async function runApply(ctx: Context, o: ApplyOptions): Promise<ApplyResult> {
  const { files, rel } = loadFiles(ctx);
  const items = files.map((file) => ({ file, rel: rel(file), prepared: prepareFile(file, rel(file), o.defines) }));
  const session = openKsqlSession(ctx);
  const info = await session.client.info();
  ctx.log.debug(`ksqlDB ${info.version} at ${ctx.config.ksql.url}`);
  const run = (sql: string) => session.run(sql);
  const empty = { current: undefined, byVersion: new Map() };
  if (!o.dryRun) await ensureMetadata(run, ctx.config.ksql.serviceId, ctx.log);
  let history = o.dryRun && !(await metadataExists(run)).table ? empty : await readHistory(session.client);
  let plan = planApply(files, history, o.mode);
  if (plan.toApply.length === 0) {
    emit(
      ctx,
      { applied: [], current: plan.last },
      () => `No eligible migrations found; version ${plan.last} is current.`,
    );
    return { applied: [], current: plan.last };
  }
  const selected = (p: typeof plan) => items.filter((i) => p.toApply.includes(i.file));
  if (o.dryRun) {
    printPlan(ctx, selected(plan), true);
    emit(
      ctx,
      { dryRun: true, wouldApply: plan.toApply.map((f) => f.version), current: plan.last },
      () => `dry run: nothing was sent.`,
    );
    return { applied: [], current: plan.last };
  }
  const owner = newOwnerId();
  await acquireLock(session.client, owner, {
    waitMs: ctx.config.ksql.lockTimeoutMs,
    ttlMs: 30 * 60_000,
    settleMs: 1500,
    pollMs: 1000,
    breakLock: o.breakLock,
    clock: ctx.clock,
    log: ctx.log,
  });
  const applied: number[] = [];
  try {
    history = await readHistory(session.client);
    plan = planApply(files, history, o.mode);
    let previous = lastMigrated(history) || undefined;
    for (const item of selected(plan)) {
      printPlan(ctx, [item], false);
      await applyFile(session, ctx, item.file, item.prepared, previous, history.byVersion.get(item.file.version));
      applied.push(item.file.version);
      previous = item.file.version;
    }
  } finally {
    await releaseLock(session.client, owner, ctx.clock);
  }
  const current = applied.at(-1) ?? plan.last;
  emit(
    ctx,
    { applied, current },
    () => `applied ${applied.length} version(s): ${applied.join(', ')}; version ${current} is current.`,
  );
  return { applied, current };
}
