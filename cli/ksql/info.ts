// `ziem ksql info` and `ziem ksql validate`: each local migration with its recorded state,
// checksum and times; validate fails when an applied file was edited or is missing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { metadataExists, readHistory } from './history.js';
import { discoverMigrations, nextMigrationFileName } from './migration-files.js';
import { historyProblems, lastMigrated } from './plan-apply.js';
import { openKsqlSession } from './ksql-session.js';

export interface VersionInfo {
  version: number;
  name: string;
  file: string;
  state: string;
  checksum: string;
  appliedChecksum: string | null;
  startedOn: number | null;
  completedOn: number | null;
  errorReason: string | null;
}

const time = (s: string | undefined): number | null => (s && /^\d+$/.test(s) ? Number(s) : null);

export async function runInfo(ctx: Context): Promise<{ current: number; versions: VersionInfo[] }> {
  const { files } = discoverMigrations(ctx.config.ksql.migrationsDir);
  const session = openKsqlSession(ctx);
  const exists = await metadataExists((sql) => session.run(sql));
  const history = exists.table
    ? await readHistory(
        session.client,
        files.map((f) => f.version),
      )
    : { current: undefined, byVersion: new Map() };
  const versions = files.map((f): VersionInfo => {
    const row = history.byVersion.get(f.version);
    return {
      version: f.version,
      name: f.name,
      file: f.fileName,
      state: row?.state ?? 'PENDING',
      checksum: f.checksum,
      appliedChecksum: row?.checksum ?? null,
      startedOn: time(row?.startedOn),
      completedOn: time(row?.completedOn),
      errorReason: row && row.errorReason !== 'N/A' ? row.errorReason : null,
    };
  });
  const current = lastMigrated(history);
  emit(ctx, { current, versions }, () =>
    [
      `current version: ${current === 0 ? '<none>' : current}${exists.table ? '' : ' (no migration metadata on the server yet)'}`,
      ...versions.map((v) => {
        const when = v.completedOn ? new Date(v.completedOn).toISOString() : '';
        const edited = v.appliedChecksum && v.appliedChecksum !== v.checksum ? '  EDITED since applied' : '';
        return `  V${String(v.version).padStart(6, '0')}  ${v.state.padEnd(8)}  ${v.name}  ${when}${edited}${v.errorReason ? `\n      ${v.errorReason}` : ''}`;
      }),
    ].join('\n'),
  );
  return { current, versions };
}

export async function runValidate(ctx: Context): Promise<void> {
  const { files } = discoverMigrations(ctx.config.ksql.migrationsDir);
  const session = openKsqlSession(ctx);
  const history = await readHistory(session.client);
  const problems = historyProblems(files, history);
  emit(ctx, { valid: problems.length === 0, problems }, () =>
    problems.length === 0 ? 'all applied migrations match their files' : problems.join('\n'),
  );
  if (problems.length > 0)
    throw new ZiemError('MIGRATION_HISTORY', `${problems.length} applied migration(s) do not match the local files`, {
      hint: 'restore the edited files; put changes in a new version',
    });
}

export function runNew(ctx: Context, description: string): string {
  const dir = ctx.config.ksql.migrationsDir;
  const { files } = discoverMigrations(dir);
  const name = nextMigrationFileName(files, description);
  const path = join(dir, name);
  writeFileSync(path, `-- ${description}\n`, { flag: 'wx' });
  emit(ctx, { file: path }, () => path);
  return path;
}
