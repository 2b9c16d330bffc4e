// The settings and flag of `ziem graph compact`: graph.windowRetentionMs (default 24 h) and
// graph.compactBatchSize (at most 10,000 windows per transaction) are validated with file:line,
// and --older-than takes a whole number with a unit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { ConfigError, UsageError } from '../../../core/errors/ziem-error.js';
import { parseRetention } from '../../../cli/graph/retention/duration.js';

function problems(yaml: string, env: Record<string, string> = {}): readonly string[] {
  const cwd = mkdtempSync(join(tmpdir(), 'ziem-graph-config-'));
  writeFileSync(join(cwd, 'ziem.yaml'), yaml);
  try {
    loadConfig({ env, cwd });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('graph retention settings', () => {
  it('default to 24 h and 5,000 windows a batch', () => {
    const c = loadConfig({ env: {}, cwd: '/tmp/none' });
    expect(c.graph).toEqual({ windowRetentionMs: 86_400_000, compactBatchSize: 5_000 });
  });

  it('read ziem.yaml and ZIEM_GRAPH_* (environment over file)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ziem-graph-config-'));
    writeFileSync(join(cwd, 'ziem.yaml'), 'graph:\n  windowRetentionMs: 3600000\n  compactBatchSize: 200\n');
    expect(loadConfig({ env: {}, cwd }).graph).toEqual({ windowRetentionMs: 3_600_000, compactBatchSize: 200 });
    expect(loadConfig({ env: { ZIEM_GRAPH_COMPACT_BATCH_SIZE: '10000' }, cwd }).graph.compactBatchSize).toBe(10_000);
  });

  it('reject a batch over 10,000 windows and a retention under a minute, naming file, line and field', () => {
    const p = problems('graph:\n  windowRetentionMs: 1000\n  compactBatchSize: 10001\n');
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/ziem\.yaml:2: field graph\.windowRetentionMs: 1000 is out of range 60000-/);
    expect(p[1]).toMatch(/ziem\.yaml:3: field graph\.compactBatchSize: 10001 is out of range 1-10000/);
    expect(problems('', { ZIEM_GRAPH_WINDOW_RETENTION_MS: '1d' })).toEqual([
      'environment ZIEM_GRAPH_WINDOW_RETENTION_MS: field graph.windowRetentionMs: expected an integer, got "1d"',
    ]);
  });
});

describe('--older-than', () => {
  it('takes ms, s, m, h and d', () => {
    expect(['500ms', '30s', '90m', '24h', '7d'].map((t) => parseRetention(t, '--older-than'))).toEqual([
      500, 30_000, 5_400_000, 86_400_000, 604_800_000,
    ]);
  });

  it('rejects anything else with the flag and the value', () => {
    for (const bad of ['24', '1.5h', '-1h', 'h', '0s', '1w'])
      expect(() => parseRetention(bad, '--older-than'), bad).toThrow(UsageError);
    expect(() => parseRetention('1w', '--older-than')).toThrow('--older-than 1w: expected a duration like 24h');
  });
});
