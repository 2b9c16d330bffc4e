import { describe, expect, it } from 'vitest';
import { metadataStatements, stateChangeRows, type MigrationRow } from '../../../cli/ksql/metadata.js';
import type { MigrationFile } from '../../../cli/ksql/migration-files.js';
import { historyProblems, planApply, type MigrationHistory } from '../../../cli/ksql/plan-apply.js';

const file = (version: number, checksum = `sum${version}`): MigrationFile => ({
  version,
  name: `M${version}`,
  fileName: `V${String(version).padStart(6, '0')}__M${version}.sql`,
  path: `/ksql/V${version}`,
  checksum,
  text: '',
});
const files = [file(1), file(2), file(3), file(4)];

function history(
  applied: Array<[number, MigrationRow['state']]>,
  checksums: Record<number, string> = {},
): MigrationHistory {
  const byVersion = new Map<number, MigrationRow>();
  let previous: number | undefined;
  let current: MigrationRow | undefined;
  for (const [v, state] of applied) {
    const [cur, row] = stateChangeRows({
      version: v,
      name: `M${v}`,
      checksum: checksums[v] ?? `sum${v}`,
      state,
      startedOn: 1000 + v,
      completedOn: 2000 + v,
      previous,
    });
    byVersion.set(v, row);
    current = cur;
    if (state === 'MIGRATED') previous = v;
  }
  return { current, byVersion };
}

const versions = (p: { toApply: MigrationFile[] }) => p.toApply.map((f) => f.version);

describe('planning an apply', () => {
  it('applies everything on a fresh server, nothing when up to date', () => {
    expect(versions(planApply(files, history([]), { kind: 'all' }))).toEqual([1, 2, 3, 4]);
    const done = history([
      [1, 'MIGRATED'],
      [2, 'MIGRATED'],
      [3, 'MIGRATED'],
      [4, 'MIGRATED'],
    ]);
    expect(planApply(files, done, { kind: 'all' })).toEqual({ last: 4, toApply: [] });
    expect(planApply(files, done, { kind: 'next' }).toApply).toEqual([]);
  });

  it('runs only the new file after one is added', () => {
    const h = history([
      [1, 'MIGRATED'],
      [2, 'MIGRATED'],
    ]);
    expect(versions(planApply(files, h, { kind: 'next' }))).toEqual([3]);
    expect(versions(planApply(files, h, { kind: 'until', version: 3 }))).toEqual([3]);
  });

  it('retries a version left in ERROR, even with an edited file', () => {
    const h = history([
      [1, 'MIGRATED'],
      [2, 'ERROR'],
    ]);
    expect(versions(planApply([file(1), file(2, 'fixed'), file(3)], h, { kind: 'all' }))).toEqual([2, 3]);
  });

  it('refuses while another apply is RUNNING', () => {
    expect(() =>
      planApply(
        files,
        history([
          [1, 'MIGRATED'],
          [2, 'RUNNING'],
        ]),
        { kind: 'all' },
      ),
    ).toThrow(/version 2 \(M2\) is RUNNING/);
  });

  it('refuses when an applied file was edited, naming it', () => {
    const h = history(
      [
        [1, 'MIGRATED'],
        [2, 'MIGRATED'],
      ],
      { 2: 'old-sum' },
    );
    expect(historyProblems(files, h)).toEqual([
      'V000002__M2.sql: edited after it was applied (checksum sum2, applied old-sum)',
    ]);
    expect(() => planApply(files, h, { kind: 'all' })).toThrow(/V000002__M2\.sql: edited after it was applied/);
  });

  it('refuses when an applied file is missing locally', () => {
    const h = history([
      [1, 'MIGRATED'],
      [2, 'MIGRATED'],
    ]);
    expect(historyProblems([file(2)], h)).toEqual(['version 1 (M1): applied, but no local file V000001__*.sql exists']);
  });

  it('handles --version: newer only, and never skipping pending versions', () => {
    const h = history([[1, 'MIGRATED']]);
    expect(versions(planApply(files, h, { kind: 'version', version: 2 }))).toEqual([2]);
    expect(() => planApply(files, h, { kind: 'version', version: 1 })).toThrow(
      'Version must be newer than the last version migrated (1); got 1',
    );
    expect(() => planApply(files, h, { kind: 'version', version: 4 })).toThrow(
      /would skip V000002__M2\.sql, V000003__M3\.sql/,
    );
    expect(() => planApply(files, h, { kind: 'version', version: 9 })).toThrow('no migration file has version 9');
  });
});

describe('migration metadata', () => {
  it('writes CURRENT then the version row, with ksql-migrations values', () => {
    const [cur, row] = stateChangeRows({
      version: 3,
      name: 'Flows',
      checksum: 'abc',
      state: 'RUNNING',
      startedOn: 1700000000000,
      previous: undefined,
    });
    expect(cur).toEqual({
      versionKey: 'CURRENT',
      version: '3',
      name: 'Flows',
      state: 'RUNNING',
      checksum: 'abc',
      startedOn: '1700000000000',
      completedOn: '',
      previous: '<none>',
      errorReason: 'N/A',
    });
    expect(row.versionKey).toBe('3');
  });

  it('creates the stream and table with the service id in topic names', () => {
    const [stream, table] = metadataStatements('default_', 1);
    expect(stream).toContain("KAFKA_TOPIC='default_ksql_MIGRATION_EVENTS'");
    expect(stream).toContain('VERSION_KEY STRING KEY');
    expect(table).toContain('LATEST_BY_OFFSET(ERROR_REASON) AS ERROR_REASON');
    expect(table).toContain('GROUP BY VERSION_KEY;');
  });
});
