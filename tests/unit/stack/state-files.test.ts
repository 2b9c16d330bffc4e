// Files under the state directory: pid records and the generated Neo4j password (mode 0600, never
// regenerated, refused when readable by others).
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { componentPaths, neo4jPasswordFile } from '../../../cli/stack/layout.js';
import { ensureNeo4jPassword, readNeo4jPassword } from '../../../cli/stack/neo4j-password.js';
import { readPidFile, writePidFile } from '../../../cli/stack/processes.js';

const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ziem-unit-stack-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('component paths', () => {
  it('keeps Kafka and Connect output in logs/<name>.log and Neo4j its own log beside its stdout', () => {
    expect(componentPaths('/s', 'kafka')).toMatchObject({
      log: '/s/logs/kafka.log',
      stdout: '/s/logs/kafka.log',
      pidFile: '/s/run/kafka.pid',
      data: '/s/kafka/data',
    });
    expect(componentPaths('/s', 'neo4j')).toMatchObject({
      log: '/s/logs/neo4j/neo4j.log',
      stdout: '/s/logs/neo4j.out',
    });
  });
});

describe('pid files', () => {
  it('round-trips a record and reports garbage as unreadable', () => {
    const f = join(temp(), 'run', 'kafka.pid');
    expect(readPidFile(f)).toBeUndefined();
    writePidFile(f, { pid: 1234, component: 'kafka', startedAt: '2026-01-01T00:00:00.000Z', ports: [9092, 9093] });
    expect(readPidFile(f)).toEqual({
      pid: 1234,
      component: 'kafka',
      startedAt: '2026-01-01T00:00:00.000Z',
      ports: [9092, 9093],
    });
    writeFileSync(f, 'not json');
    expect(readPidFile(f)).toBe('unreadable');
    writeFileSync(f, '{"pid": -3}');
    expect(readPidFile(f)).toBe('unreadable');
  });
});

describe('neo4j password', () => {
  it('is generated once into a 0600 file and read back the same', () => {
    const stateDir = temp();
    const config = loadConfig({ env: {}, cwd: stateDir, flags: { stateDir } });
    const first = ensureNeo4jPassword(config);
    expect(first.reveal()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(String(first)).not.toContain(first.reveal());
    expect(statSync(neo4jPasswordFile(stateDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(ensureNeo4jPassword(config).reveal()).toBe(first.reveal());
  });

  it('prefers ZIEM_NEO4J_PASSWORD and writes no file then', () => {
    const stateDir = temp();
    const config = loadConfig({ env: { ZIEM_NEO4J_PASSWORD: 'from-env-123' }, cwd: stateDir, flags: { stateDir } });
    expect(ensureNeo4jPassword(config).reveal()).toBe('from-env-123');
    expect(() => statSync(neo4jPasswordFile(stateDir))).toThrow();
  });

  it('refuses a password file other users can read', () => {
    const stateDir = temp();
    const config = loadConfig({ env: {}, cwd: stateDir, flags: { stateDir } });
    ensureNeo4jPassword(config);
    chmodSync(neo4jPasswordFile(stateDir), 0o644);
    expect(() => readNeo4jPassword(config)).toThrow(/readable by others \(mode 644\)/);
  });
});
