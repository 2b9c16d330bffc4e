// Issue 16 #12/#13 on the parsed CLI: `ksql apply --version 1` is the command's flag (the program's
// -V/--version only before a command), a command group without its subcommand and every other
// usage error exit 2, `--config <a directory>` and `model train --out <a file>` are clear usage
// errors, a big ziem.yaml loads in linear time, and migration files with a BOM, a NUL byte or
// bytes that are not UTF-8 are refused naming file:line.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { loadConfig } from '../../../cli/config/config.js';
import { discoverMigrations } from '../../../cli/ksql/migration-files.js';
import { firstInvalidUtf8 } from '../../../cli/ksql/migration-text.js';

async function cli(args: string[], cwd = '/tmp/ziem-cli-test-none', env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { ZIEM_KSQL_URL: 'http://127.0.0.1:1', ZIEM_KSQL_TIMEOUT_MS: '200', ...env },
    cwd,
  });
  return { code, out, err };
}

describe('--version (issue 16 #12)', () => {
  it('is the program version before a command, and ksql apply’s own flag after it', async () => {
    expect((await cli(['--version'])).out.trim()).toBe('0.1.0');
    const dir = mkdtempSync(join(tmpdir(), 'ziem-ver-'));
    mkdirSync(join(dir, 'ksql'));
    writeFileSync(
      join(dir, 'ksql', 'V000001__A.sql'),
      "CREATE STREAM A (X INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON', PARTITIONS=1);\n",
    );
    const r = await cli(['ksql', 'apply', '--version', '1'], dir);
    expect(r.out).not.toContain('0.1.0');
    // it went on to contact the (absent) server: the flag was taken as the version to apply
    expect(r.err).toMatch(/cannot reach ksqlDB at http:\/\/127\.0\.0\.1:1|gave up/);
    expect(r.code).toBe(1);
    const bad = await cli(['ksql', 'apply', '--version', 'x'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected a version number of 1 or more');
  });

  it('still takes the global flags after the command name', async () => {
    const r = await cli(['config', 'show', '--json', '--state-dir', '/tmp/st2']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { stateDir: string }).stateDir).toBe('/tmp/st2');
  });
});

describe('usage errors (issue 16 #13)', () => {
  it('exit 2 for a command group run without its subcommand', async () => {
    const r = await cli(['sandbox']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: ziem sandbox');
  });

  it('--config naming a directory is a clear configuration error (2), not a bug', async () => {
    const r = await cli(['--config', tmpdir(), 'config', 'show']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is a directory, not a config file');
    expect(r.err).not.toContain('bug in ziem');
  });

  it('model train --out naming an existing file is a usage error before any training', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ziem-out-'));
    writeFileSync(join(dir, 'model.json'), '{}');
    writeFileSync(join(dir, 'vectors.jsonl'), '{"features":[1,2]}\n');
    const r = await cli(
      ['model', 'train', '--input', join(dir, 'vectors.jsonl'), '--out', join(dir, 'model.json')],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('a file, not a directory');
    expect(r.err).not.toContain('bug in ziem');
  });

  it('loads a 1 MB ziem.yaml in linear time and reports a key given twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ziem-yaml-'));
    const lines = ['kafka:', '  port: 19092', '  port: 19093'];
    for (let i = 0; i < 60_000; i++) lines.push(`  unknown_${i}: ${i}`);
    writeFileSync(join(dir, 'ziem.yaml'), lines.join('\n') + '\n');
    const started = performance.now();
    let problems: readonly string[] = [];
    try {
      loadConfig({ env: {}, cwd: dir });
    } catch (e) {
      problems = (e as { problems: readonly string[] }).problems;
    }
    // yaml's own duplicate check made this minutes long; a generous bound, not a benchmark
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(problems).toContain(`${join(dir, 'ziem.yaml')}:3: field kafka.port: given twice`);
    expect(problems.length).toBe(60_001);
  }, 30_000);
});

describe('migration file text (issue 16 #4, #13)', () => {
  const files = (name: string, bytes: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'ziem-mig-'));
    writeFileSync(join(dir, name), bytes);
    return () => discoverMigrations(dir);
  };
  it('refuses a BOM, a NUL byte and bytes that are not UTF-8, naming file:line', () => {
    expect(files('V000001__Bom.sql', Buffer.from('\ufeffCREATE STREAM A (X INT);\n'))).toThrow(
      /V000001__Bom\.sql:1: the file starts with a UTF-8 byte-order mark/,
    );
    expect(files('V000001__Nul.sql', Buffer.from('-- a\n-- b\nSELECT 1;\u0000\n'))).toThrow(
      /V000001__Nul\.sql:3: a NUL byte at offset 19/,
    );
    expect(
      files(
        'V000001__Latin.sql',
        Buffer.concat([Buffer.from('-- ok\n-- caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      ),
    ).toThrow(/V000001__Latin\.sql:2: byte 0xe9 at offset 12 is not UTF-8/);
    expect(files('V000001__Good.sql', Buffer.from('-- café ✓ 𝄞\nCREATE STREAM A (X INT);\n'))().files).toHaveLength(1);
  });

  it('knows overlong forms and surrogates are not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from('é✓𝄞'))).toBeUndefined();
  });
});
