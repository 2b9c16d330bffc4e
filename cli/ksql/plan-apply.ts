// Decides which migration files an apply runs, from the local files and the recorded metadata.
// Pure: no I/O. The rules follow ksql-migrations (history must be MIGRATED with matching
// checksums, --version must be newer than the last migrated one) plus ziem's stricter ones:
// a RUNNING current version is refused (another apply is in progress or died), and a --version
// that would skip pending versions is refused, because skipped versions could never be applied.
import { ZiemError } from '../../core/errors/ziem-error.js';
import { NO_PREVIOUS, type MigrationRow } from './metadata.js';
import type { MigrationFile } from './migration-files.js';

export type ApplyMode =
  { kind: 'all' } | { kind: 'next' } | { kind: 'until'; version: number } | { kind: 'version'; version: number };

export interface MigrationHistory {
  current: MigrationRow | undefined;
  byVersion: ReadonlyMap<number, MigrationRow>;
}

export interface ApplyPlan {
  /** The last MIGRATED version (0 when none). */
  last: number;
  toApply: MigrationFile[];
}

/** Problems with already-applied versions: each names the version and its file. */
export function historyProblems(files: readonly MigrationFile[], history: MigrationHistory): string[] {
  const problems: string[] = [];
  const byVersion = new Map(files.map((f) => [f.version, f]));
  let v = lastMigrated(history);
  const seen = new Set<number>();
  while (v > 0 && !seen.has(v)) {
    seen.add(v);
    const row = history.byVersion.get(v);
    const file = byVersion.get(v);
    if (!row) {
      problems.push(`version ${v}: no metadata row recorded`);
      break;
    }
    if (row.state !== 'MIGRATED') problems.push(`version ${v} (${row.name}): state is ${row.state}, expected MIGRATED`);
    if (!file)
      problems.push(
        `version ${v} (${row.name}): applied, but no local file V${String(v).padStart(6, '0')}__*.sql exists`,
      );
    else if (file.checksum !== row.checksum)
      problems.push(
        `${file.fileName}: edited after it was applied (checksum ${file.checksum}, applied ${row.checksum})`,
      );
    v = row.previous === NO_PREVIOUS || row.previous === '' ? 0 : Number(row.previous);
  }
  return problems;
}

/** Local files older than the last migrated version that were never MIGRATED: ksql-migrations
 *  passes over them silently; ziem refuses to (each would never run). */
export function strandedFiles(
  files: readonly MigrationFile[],
  history: MigrationHistory,
  last: number,
): MigrationFile[] {
  return files.filter((f) => f.version < last && history.byVersion.get(f.version)?.state !== 'MIGRATED');
}

/** The last MIGRATED version: CURRENT if it is MIGRATED, else CURRENT's PREVIOUS. */
export function lastMigrated(history: MigrationHistory): number {
  const c = history.current;
  if (!c) return 0;
  if (c.state === 'MIGRATED') return Number(c.version);
  return c.previous === NO_PREVIOUS || c.previous === '' ? 0 : Number(c.previous);
}

export function planApply(files: readonly MigrationFile[], history: MigrationHistory, mode: ApplyMode): ApplyPlan {
  if (history.current?.state === 'RUNNING')
    throw new ZiemError(
      'MIGRATION_RUNNING',
      `version ${history.current.version} (${history.current.name}) is RUNNING: another apply is in progress or stopped midway`,
      {
        hint: 'wait for the other apply; if it died, check the version by hand, then run `ziem ksql apply --break-lock`',
      },
    );
  const problems = historyProblems(files, history);
  if (problems.length > 0)
    throw new ZiemError(
      'MIGRATION_HISTORY',
      `the applied migrations do not match the local files:\n  ${problems.join('\n  ')}`,
      {
        hint: 'restore the edited files (`ziem ksql validate` lists them); put changes in a new version',
      },
    );
  const last = lastMigrated(history);
  const stranded = strandedFiles(files, history, last);
  if (stranded.length > 0)
    throw new ZiemError(
      'MIGRATION_STRANDED',
      `${stranded.map((f) => f.fileName).join(', ')}: below the current version ${last} and never applied; apply runs only newer versions, so ${stranded.length === 1 ? 'it' : 'they'} would never run`,
      {
        hint: `renumber ${stranded.length === 1 ? 'it' : 'them'} above ${last} (\`ziem ksql new\` names the next version)`,
      },
    );
  const pending = files.filter((f) => f.version > last);
  switch (mode.kind) {
    case 'all':
      return { last, toApply: pending };
    case 'next':
      return { last, toApply: pending.slice(0, 1) };
    case 'until':
      return { last, toApply: pending.filter((f) => f.version <= mode.version) };
    case 'version': {
      if (mode.version <= last)
        throw new ZiemError(
          'MIGRATION_VERSION',
          `Version must be newer than the last version migrated (${last}); got ${mode.version}`,
        );
      const target = pending.find((f) => f.version === mode.version);
      if (!target) throw new ZiemError('MIGRATION_VERSION', `no migration file has version ${mode.version}`);
      const skipped = pending.filter((f) => f.version < mode.version);
      if (skipped.length > 0)
        throw new ZiemError(
          'MIGRATION_GAP',
          `--version ${mode.version} would skip ${skipped.map((f) => f.fileName).join(', ')}, which could then never be applied`,
          {
            hint: `use --until ${mode.version} to apply them in order`,
          },
        );
      return { last, toApply: [target] };
    }
  }
}
