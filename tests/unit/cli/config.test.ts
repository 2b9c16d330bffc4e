import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { envNameFor } from '../../../cli/config/fields.js';
import { ConfigError } from '../../../core/errors/ziem-error.js';

function dirWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-config-'));
  writeFileSync(join(dir, 'ziem.yaml'), yaml);
  return dir;
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config precedence', () => {
  it('uses defaults when nothing is set', () => {
    const c = loadConfig({ env: {}, cwd: '/tmp/none' });
    expect(c.kafka.port).toBe(9092);
    expect(c.kafka.bootstrap).toBe('127.0.0.1:9092');
    expect(c.stateDir).toBe('/tmp/none/.ziem');
    expect(c.source).toBeUndefined();
  });

  it('orders flags over environment over file over defaults', () => {
    const cwd = dirWith('kafka:\n  port: 19092\n  heapMb: 700\nconnect:\n  port: 18083\nstateDir: from-file\n');
    const fileOnly = loadConfig({ env: {}, cwd });
    expect([fileOnly.kafka.port, fileOnly.connect.port, fileOnly.stateDir]).toEqual([
      19092,
      18083,
      join(cwd, 'from-file'),
    ]);
    const withEnv = loadConfig({ env: { ZIEM_KAFKA_PORT: '29092', ZIEM_STATE_DIR: 'from-env' }, cwd });
    expect(withEnv.kafka.port).toBe(29092);
    expect(withEnv.kafka.heapMb).toBe(700);
    expect(withEnv.stateDir).toBe(join(cwd, 'from-env'));
    const withFlag = loadConfig({ env: { ZIEM_STATE_DIR: 'from-env' }, cwd, flags: { stateDir: '/abs/flag' } });
    expect(withFlag.stateDir).toBe('/abs/flag');
  });

  it('derives environment names from field paths', () => {
    expect(envNameFor('kafka.port')).toBe('ZIEM_KAFKA_PORT');
    expect(envNameFor('modelServer.port')).toBe('ZIEM_MODEL_SERVER_PORT');
    expect(envNameFor('stateDir')).toBe('ZIEM_STATE_DIR');
  });

  it('returns a frozen config and keeps secrets out of its JSON', () => {
    const c = loadConfig({ env: { ZIEM_NEO4J_PASSWORD: 's3cret-value' }, cwd: '/tmp/none' });
    expect(Object.isFrozen(c.kafka)).toBe(true);
    expect(c.neo4j.password?.reveal()).toBe('s3cret-value');
    expect(JSON.stringify(c)).not.toContain('s3cret-value');
  });
});

describe('config errors', () => {
  it('reports every problem at once with file:line', () => {
    const cwd = dirWith('target: moon\nkafka:\n  port: 70000\n  nope: 1\nneo4j:\n  boltPort: abc\n');
    const problems = problemsOf(() => loadConfig({ env: { ZIEM_CONNECT_PORT: '0' }, cwd }));
    const file = join(cwd, 'ziem.yaml');
    expect(problems).toEqual([
      `${file}:1: field target: expected one of local, compose, gcp, external, got "moon"`,
      `${file}:3: field kafka.port: port 70000 is out of range 1-65535`,
      `${file}:4: field kafka.nope: unknown setting`,
      `${file}:6: field neo4j.boltPort: expected a port number, got "abc"`,
      'environment ZIEM_CONNECT_PORT: field connect.port: port 0 is out of range 1-65535',
    ]);
  });

  it('rejects out-of-range values instead of clamping them', () => {
    const problems = problemsOf(() => loadConfig({ env: { ZIEM_KAFKA_HEAP_MB: '-5' }, cwd: '/tmp/none' }));
    expect(problems[0]).toContain('ZIEM_KAFKA_HEAP_MB');
    expect(problems[0]).toContain('out of range');
  });

  it('reports YAML syntax errors with a line', () => {
    const cwd = dirWith('kafka:\n  port: [1,\n');
    expect(problemsOf(() => loadConfig({ env: {}, cwd }))[0]).toMatch(/ziem\.yaml:\d+: /);
  });

  it('names a missing explicit config file', () => {
    expect(problemsOf(() => loadConfig({ env: {}, cwd: '/tmp', file: 'missing.yaml' }))).toEqual([
      '/tmp/missing.yaml: config file not found',
    ]);
  });

  it('rejects two components on one port', () => {
    const problems = problemsOf(() => loadConfig({ env: { ZIEM_CONNECT_PORT: '9092' }, cwd: '/tmp/none' }));
    expect(problems).toContain('fields kafka.port and connect.port: both use port 9092');
  });
});
