// Pure helpers of deploy, alerts and smoke: the internal-hosts pattern, the graph schema file,
// decoding and printing alerts, matching an alert to an attack run, and FLOWS totals vs the graph.
import { describe, expect, it } from 'vitest';
import { internalHostsPattern } from '../../../cli/targets/platform-steps.js';
import { schemaStatements } from '../../../cli/graph/graph-schema.js';
import { decodeAlert, formatAlert } from '../../../cli/alerts/alert-record.js';
import { compareTotals, flowTotals } from '../../../cli/graph/graph-check.js';
import { loadConfig } from '../../../cli/config/config.js';
import { configEnv } from '../../../cli/stack/child-env.js';
import { expectedKinds, matchesRun, parseTimeout } from '../../../cli/sandbox/attacks/expect-detection-match.js';

describe('internalHostsPattern', () => {
  it('turns /8, /16 and /24 networks into LIKE patterns', () => {
    expect(internalHostsPattern('10.77.0.0/24')).toBe('10.77.0.%');
    expect(internalHostsPattern('172.16.0.0/16')).toBe('172.16.%');
    expect(internalHostsPattern('10.0.0.0/8')).toBe('10.%');
  });

  it('refuses other prefix lengths, naming the field', () => {
    expect(() => internalHostsPattern('10.77.0.0/25')).toThrow(/sandbox.cidr 10.77.0.0\/25/);
  });
});

describe('schemaStatements', () => {
  it('drops comments and names the constraints', () => {
    const s = schemaStatements(
      '// why\nCREATE CONSTRAINT a_b IF NOT EXISTS FOR (h:Host) REQUIRE h.ip IS UNIQUE;\n// more\nCREATE CONSTRAINT c IF NOT EXISTS FOR (w:W) REQUIRE w.id IS UNIQUE;\n',
    );
    expect(s.names).toEqual(['a_b', 'c']);
    expect(s.statements).toHaveLength(2);
    expect(s.statements[0]).toMatch(/^CREATE CONSTRAINT a_b/);
  });
});

const alertJson = JSON.stringify({
  KIND: 'PORT_SCAN',
  SRC: '10.77.0.5',
  DST: '10.77.0.2',
  WINDOW_START: 1_795_659_170_000,
  WINDOW_END: 1_795_659_180_000,
  SCORE: 100,
  REASON: '100 ports',
});

describe('alerts', () => {
  it('decodes an ALERTS value and skips tombstones and foreign records', () => {
    expect(decodeAlert(Buffer.from(alertJson))).toEqual({
      kind: 'PORT_SCAN',
      src: '10.77.0.5',
      dst: '10.77.0.2',
      windowStart: 1_795_659_170_000,
      windowEnd: 1_795_659_180_000,
      score: 100,
      reason: '100 ports',
      attackClass: null,
      classProbability: null,
    });
    expect(
      decodeAlert(JSON.stringify({ ...JSON.parse(alertJson), ATTACK_CLASS: 'port-scan', CLASS_PROBABILITY: 0.97 })),
    ).toMatchObject({ attackClass: 'port-scan', classProbability: 0.97 });
    expect(decodeAlert(null)).toBeUndefined();
    expect(decodeAlert('not json')).toBeUndefined();
    expect(decodeAlert('{"KIND":"X"}')).toBeUndefined();
  });

  it('prints one readable line', () => {
    const line = formatAlert(decodeAlert(alertJson)!);
    expect(line).toContain('PORT_SCAN');
    expect(line).toContain('10.77.0.5 → 10.77.0.2 score 100');
    expect(line).not.toContain('\n');
  });
});

describe('expect-detection matching', () => {
  const a = decodeAlert(alertJson)!;
  const run = { scenario: 'portscan', src: '10.77.0.5', startedAt: 1_795_659_175_000 };

  it('matches kind, source and a window ending after the start', () => {
    expect(matchesRun(a, run)).toBe(true);
    expect(matchesRun({ ...a, src: '10.77.0.4' }, run)).toBe(false);
    expect(matchesRun({ ...a, kind: 'SYN_FLOOD' }, run)).toBe(false);
    expect(matchesRun(a, { ...run, startedAt: a.windowEnd + 1 })).toBe(false);
    expect(matchesRun({ ...a, kind: 'FTP_BRUTE_FORCE' }, { ...run, scenario: 'ftp-bruteforce' })).toBe(true);
    expect(matchesRun({ ...a, kind: 'SSH_BRUTE_FORCE' }, { ...run, scenario: 'slow-bruteforce' })).toBe(true);
    // spoofed sources: the flood alert names the victim, its src a count of sources
    const flood = { ...a, kind: 'SYN_FLOOD', src: '1500 sources', dst: '10.77.0.2' };
    expect(matchesRun(flood, { ...run, scenario: 'spoofed-synflood', dst: '10.77.0.2' })).toBe(true);
    expect(matchesRun(flood, { ...run, scenario: 'spoofed-synflood', dst: '10.77.0.3' })).toBe(false);
  });

  it('refuses scenarios no alert detects, and bad timeouts', () => {
    expect(() => expectedKinds('normal')).toThrow(/does not apply to "normal"/);
    expect(parseTimeout('60s')).toBe(60_000);
    expect(parseTimeout('2m')).toBe(120_000);
    expect(parseTimeout('15')).toBe(15_000);
    expect(() => parseTimeout('soon')).toThrow(/--timeout/);
    expect(() => parseTimeout('0s')).toThrow(/between/);
  });
});

describe('FLOWS totals against the graph', () => {
  const flow = (src: string, dst: string, ws: number, packets: number): string =>
    JSON.stringify({ SRC_IP: src, DST_IP: dst, WINDOW_START: ws, PACKETS: packets });

  it('sums the largest count of each window, whatever the order', () => {
    const t = flowTotals([
      flow('a', 'b', 0, 1),
      flow('a', 'b', 0, 3),
      flow('a', 'b', 0, 2),
      flow('a', 'b', 10, 4),
      flow('b', 'a', 0, 1),
      'junk',
    ]);
    expect(t).toEqual(
      new Map([
        ['a>b', 7],
        ['b>a', 1],
      ]),
    );
  });

  it('reports every difference', () => {
    expect(compareTotals(new Map([['a>b', 7]]), new Map([['a>b', 7]]))).toEqual([]);
    expect(
      compareTotals(
        new Map([
          ['a>b', 7],
          ['b>a', 1],
        ]),
        new Map([
          ['a>b', 6],
          ['c>d', 2],
        ]),
      ),
    ).toEqual(['a>b: FLOWS 7, TALKS_TO 6', 'b>a: FLOWS 1, TALKS_TO missing', 'c>d: TALKS_TO without FLOWS']);
  });
});

describe('configEnv', () => {
  it('hands a child process the same config through ZIEM_* variables', () => {
    const parent = loadConfig({
      env: {},
      cwd: '/tmp',
      flags: {
        stateDir: '/tmp/s',
        'kafka.port': 19092,
        'sandbox.hosts': 'web,attacker',
        'ksql.url': 'http://127.0.0.1:18088',
      },
    });
    const env = configEnv(parent);
    expect(env['ZIEM_KAFKA_PORT']).toBe('19092');
    expect(env['ZIEM_SANDBOX_HOSTS']).toBe('web,attacker');
    const child = loadConfig({ env, cwd: '/elsewhere', flags: { stateDir: '/tmp/s' } });
    expect(child).toEqual(parent);
  });
});
