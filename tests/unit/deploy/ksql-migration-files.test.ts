import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksumOf, discoverMigrations, nextMigrationFileName } from '../../../cli/ksql/migration-files.js';
import { prepareFile } from '../../../cli/ksql/prepare-file.js';
import type { MigrationFile } from '../../../cli/ksql/migration-files.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-mig-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

describe('migration files', () => {
  it('sorts versioned files, reads names with spaces and skips others', () => {
    const dir = dirWith({
      'V000002__Flow_features.sql': 'b;',
      'V000001__Packets.sql': 'a;',
      'notes.txt': '',
      'U000002__Flow_features.sql': 'undo;',
    });
    const { files, skipped } = discoverMigrations(dir);
    expect(files.map((f) => [f.version, f.name])).toEqual([
      [1, 'Packets'],
      [2, 'Flow features'],
    ]);
    expect(skipped).toEqual(['notes.txt']);
  });

  it('checksums the raw bytes so whitespace and line endings count', () => {
    expect(checksumOf(Buffer.from('SELECT 1;\n'))).toBe('2bdf1665f56c0ce5b966d9c60a7f7eac');
    expect(checksumOf(Buffer.from('a;\n'))).not.toBe(checksumOf(Buffer.from('a;\r\n')));
    expect(checksumOf(Buffer.from(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('rejects version 0 and duplicate versions, naming both files', () => {
    const dir = dirWith({ 'V000000__Zero.sql': '', 'V000003__A.sql': '', 'V000003__B.sql': '' });
    expect(() => discoverMigrations(dir)).toThrow(
      /V000000__Zero\.sql: version 0[\s\S]*V000003__B\.sql: version 3 is also used by V000003__A\.sql/,
    );
  });

  it('names the next file after the highest version', () => {
    const dir = dirWith({ 'V000001__A.sql': '', 'V000004__B.sql': '' });
    expect(nextMigrationFileName(discoverMigrations(dir).files, 'host activity & alerts')).toBe(
      'V000005__host_activity_alerts.sql',
    );
  });
});

describe('statement splitting (prepareFile, what ksql apply sends)', () => {
  const file = (text: string): MigrationFile => ({
    version: 1,
    name: 'X',
    fileName: 'V000001__X.sql',
    path: '/x',
    checksum: 'c',
    text,
  });

  it('drops comments, keeps strings and backticked names whole, and records start lines', () => {
    const sql = [
      '-- header comment; with a semicolon',
      "CREATE STREAM `a;b` (X STRING) WITH (KAFKA_TOPIC='t;1', VALUE_FORMAT='JSON');",
      '/* block',
      "   comment; */ INSERT INTO `a;b` (X) VALUES ('it''s');",
      '',
      "DEFINE n = '5';",
    ].join('\n');
    expect(prepareFile(file(sql), 'V000001__X.sql', {}).map((p) => [p.where, p.text])).toEqual([
      ['V000001__X.sql:2', "CREATE STREAM `a;b` (X STRING) WITH (KAFKA_TOPIC='t;1', VALUE_FORMAT='JSON');"],
      ['V000001__X.sql:4', "INSERT INTO `a;b` (X) VALUES ('it''s');"],
      ['V000001__X.sql:6', "DEFINE n = '5';"],
    ]);
  });

  it('refuses leftover text without a semicolon, naming file and line', () => {
    expect(() => prepareFile(file("SET 'x'='1';\n\nCREATE STREAM S"), 'V000002__Y.sql', {})).toThrow(
      /^V000002__Y\.sql:3:\d+: /,
    );
  });

  it('names an unterminated string', () => {
    expect(() => prepareFile(file("SELECT 'oops;\n"), 'f.sql', {})).toThrow(/^f\.sql:1:\d+: /);
  });
});
