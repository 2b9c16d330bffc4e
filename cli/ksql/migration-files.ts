// Finds the migration files of a ksql/ directory with ksql-migrations' naming rules
// (V<6 digits>__<Name>.sql, version 0 invalid, duplicates an error, sorted by name) and computes
// each file's checksum as ksql-migrations does: MD5 of the raw bytes, lower-case hex.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { migrationText } from './migration-text.js';

export interface MigrationFile {
  version: number;
  /** The description, with `_` read as a space. */
  name: string;
  fileName: string;
  path: string;
  checksum: string;
  text: string;
}

/** ksql-migrations matches this anywhere in the name (unanchored). */
const VERSIONED = /V([0-9]{6})__(.+)\.sql/;

export function checksumOf(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

export interface DiscoveredFiles {
  files: MigrationFile[];
  /** Files that do not match the naming rule; ksql-migrations skips them with a warning. */
  skipped: string[];
}

export function discoverMigrations(dir: string): DiscoveredFiles {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new ZiemError('MIGRATIONS_DIR', `cannot read the migrations directory ${dir}`, {
      cause: err,
      hint: 'create it, or run `ziem ksql new <description>`',
    });
  }
  const files: MigrationFile[] = [];
  const skipped: string[] = [];
  const byVersion = new Map<number, string>();
  const problems: string[] = [];
  for (const fileName of names) {
    const m = VERSIONED.exec(fileName);
    if (!m) {
      if (!/^U[0-9]{6}__.+\.sql$/.test(fileName)) skipped.push(fileName);
      continue;
    }
    const version = Number(m[1]);
    if (version === 0) problems.push(`${join(dir, fileName)}: version 0 is not a valid migration version`);
    const other = byVersion.get(version);
    if (other) problems.push(`${join(dir, fileName)}: version ${version} is also used by ${other}`);
    byVersion.set(version, fileName);
    const path = join(dir, fileName);
    const bytes = readFileSync(path);
    files.push({
      version,
      name: (m[2] ?? '').replace(/_/g, ' '),
      fileName,
      path,
      checksum: checksumOf(bytes),
      text: migrationText(path, bytes),
    });
  }
  if (problems.length > 0) throw new ZiemError('MIGRATION_FILES', problems.join('\n'));
  return { files, skipped };
}

/** The file name `ziem ksql new` creates for the next version. */
export function nextMigrationFileName(existing: readonly MigrationFile[], description: string): string {
  const slug = description
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug)
    throw new ZiemError('MIGRATION_NAME', `the description ${JSON.stringify(description)} has no letters or digits`);
  const next = existing.reduce((max, f) => Math.max(max, f.version), 0) + 1;
  return `V${String(next).padStart(6, '0')}__${slug}.sql`;
}
