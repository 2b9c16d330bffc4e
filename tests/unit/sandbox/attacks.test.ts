import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../../cli/sandbox/attack-sim.js';
import { SCENARIOS } from '../../../cli/sandbox/attacks/index.js';
import { guess, PASSWORDS } from '../../../cli/sandbox/attacks/bruteforce.js';
import { labelRecord } from '../../../cli/sandbox/attacks/labels.js';
import { actionsFor } from '../../../cli/sandbox/attacks/normal.js';
import { intOption, parseDuration, rateOption } from '../../../cli/sandbox/attacks/scenario.js';
import { hpingArgs, parseHpingSent } from '../../../cli/sandbox/attacks/synflood.js';
import { planLayout } from '../../../cli/sandbox/layout.js';
import { dueAt, parsePace } from '../../../cli/sandbox/replay-pacing.js';
import { sshdConfig } from '../../../cli/sandbox/sshd-config.js';
import { GuardrailError } from '../../../cli/sandbox/errors.js';
import { UsageError } from '../../../core/errors/ziem-error.js';

const layout = planLayout({
  cidr: '10.78.0.0/24',
  prefix: 'zt-',
  bridge: 'zt-br',
  roles: ['web', 'db', 'workstation', 'attacker'],
});

describe('attack-sim run resolution', () => {
  it('defaults: attacker → web for a port scan, attacker → db for brute force, workstation for normal', () => {
    expect(resolveRun(layout, [], SCENARIOS['portscan']!, {})).toMatchObject({
      src: { name: 'attacker' },
      dst: { name: 'web' },
      durationMs: 30_000,
    });
    expect(resolveRun(layout, [], SCENARIOS['bruteforce']!, {}).dst.name).toBe('db');
    expect(resolveRun(layout, [], SCENARIOS['normal']!, { duration: '5s' })).toMatchObject({
      src: { name: 'workstation' },
      durationMs: 5_000,
    });
  });

  it('refuses bad targets and durations before anything runs', () => {
    expect(() => resolveRun(layout, [], SCENARIOS['synflood']!, { to: '127.0.0.1' })).toThrow(GuardrailError);
    expect(() => resolveRun(layout, [], SCENARIOS['synflood']!, { from: 'laptop' })).toThrow(GuardrailError);
    expect(() => resolveRun(layout, [], SCENARIOS['synflood']!, { duration: '5h' })).toThrow(UsageError);
  });

  it('parses durations and bounded integers', () => {
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('7')).toBe(7_000);
    expect(() => parseDuration('soon')).toThrow(/like 30s/);
    expect(intOption(undefined, '--rate', 1000, 1, 10)).toBe(1000);
    expect(() => intOption('0', '--rate', 1, 1, 10)).toThrow(/between 1 and 10/);
    expect(() => intOption('1e3', '--rate', 1, 1, 10)).toThrow(/whole number/);
  });

  it('parses a scan rate: probes per second, or unlimited; anything else is refused by name', () => {
    expect(rateOption(undefined)).toBeUndefined();
    expect(rateOption('unlimited')).toBeUndefined();
    expect(rateOption('50')).toBe(50);
    expect(() => rateOption('0')).toThrow(/--rate 0: must be between 1 and 100000/);
    expect(() => rateOption('fast')).toThrow(/--rate fast: expected probes per second/);
    expect(() => rateOption('2.5')).toThrow(/expected probes per second/);
    expect(() => rateOption('200000')).toThrow(/between 1 and 100000/);
  });
});

describe('scenarios', () => {
  it('bounds the SYN flood in rate and count', () => {
    expect(hpingArgs('10.78.0.2', 80, 20_000, 5_000)).toEqual([
      '-S',
      '-q',
      '-n',
      '-p',
      '80',
      '-c',
      '5000',
      '-i',
      'u50',
      '10.78.0.2',
    ]);
    // the other floods: hping3's packet mode first, no port for ICMP
    expect(hpingArgs('10.78.0.2', 9, 1000, 10, ['--rand-source', '--udp']).slice(0, 5)).toEqual([
      '--rand-source',
      '--udp',
      '-q',
      '-n',
      '-p',
    ]);
    expect(hpingArgs('10.78.0.2', undefined, 1000, 10, ['--icmp'])).toEqual([
      '--icmp',
      '-q',
      '-n',
      '-c',
      '10',
      '-i',
      'u1000',
      '10.78.0.2',
    ]);
    expect(parseHpingSent('--- 10.78.0.2 hping statistic ---\n5000 packets transmitted, 0 packets received')).toBe(
      5000,
    );
  });

  it('walks the wordlist user by user', () => {
    expect(guess(0)).toEqual({ user: 'root', password: '123456' });
    expect(guess(PASSWORDS.length)).toEqual({ user: 'admin', password: '123456' });
  });

  it('sends normal traffic only to services that exist', () => {
    const ws = layout.hosts[2]!;
    expect(actionsFor(layout.hosts, ws).map(([a, h]) => `${a}:${h.name}`)).toEqual([
      'http:web',
      'ping:web',
      'ssh:db',
      'dns:db',
      'ping:db',
      'ping:attacker',
    ]);
    expect(actionsFor(layout.hosts, ws, layout.hosts[0]).map(([a]) => a)).toEqual(['http', 'ping']);
  });

  it('writes the ground truth in the contract shape', () => {
    const r = labelRecord({
      scenario: 'portscan',
      src: '10.78.0.5',
      dst: '10.78.0.2',
      startedAt: 1,
      endedAt: 2,
      params: { ports: 1000 },
    });
    expect(JSON.parse(r.value)).toEqual({
      scenario: 'portscan',
      src: '10.78.0.5',
      dst: '10.78.0.2',
      startedAt: 1,
      endedAt: 2,
      params: { ports: 1000 },
    });
    expect(r.key).toBe('10.78.0.5');
  });

  it('configures sshd to listen on the host only and refuse password logins', () => {
    const c = sshdConfig('10.78.0.3', { hostKey: '/s/hk', authorizedKeys: '/s/ak', pidFile: '/s/pid' });
    expect(c).toContain('ListenAddress 10.78.0.3');
    expect(c).toContain('PermitRootLogin prohibit-password');
    expect(c).toContain('ForceCommand');
  });
});

describe('replay pacing', () => {
  it('keeps the original spacing divided by the speed, or none with --max', () => {
    expect(dueAt(parsePace({}), 1000, 5000, 7000)).toBe(3000);
    expect(dueAt(parsePace({ speed: '4x' }), 1000, 5000, 7000)).toBe(1500);
    expect(dueAt(parsePace({ max: true }), 1000, 5000, 7000)).toBe(1000);
    expect(dueAt(parsePace({ speed: '2' }), 1000, 5000, 4000)).toBe(1000);
  });

  it('refuses bad speeds', () => {
    expect(() => parsePace({ speed: '0' })).toThrow(/above 0/);
    expect(() => parsePace({ speed: 'fast' })).toThrow(/above 0/);
    expect(() => parsePace({ speed: '2', max: true })).toThrow(/either/);
  });
});

describe('SYN flood split', () => {
  it('spreads high rates over senders without changing the totals', async () => {
    const { splitFlood, PER_SENDER_PPS } = await import('../../../cli/sandbox/attacks/synflood.js');
    const w = splitFlood(50_000, 100_001);
    expect(w.length).toBe(Math.ceil(50_000 / PER_SENDER_PPS));
    expect(w.reduce((a, x) => a + x.rate, 0)).toBe(50_000);
    expect(w.reduce((a, x) => a + x.count, 0)).toBe(100_001);
    expect(Math.max(...w.map((x) => x.rate))).toBeLessThanOrEqual(PER_SENDER_PPS);
    expect(splitFlood(1_000, 3)).toEqual([{ rate: 1_000, count: 3 }]);
    expect(splitFlood(10_000, 2)).toEqual([
      { rate: 5_000, count: 1 },
      { rate: 5_000, count: 1 },
    ]);
  });
});

describe('technique scenarios', () => {
  it('every scenario but normal names the alert kind that must detect it', async () => {
    const { DETECTED_BY } = await import('../../../cli/sandbox/attacks/expect-detection-match.js');
    expect(Object.keys(SCENARIOS).filter((n) => DETECTED_BY[n] === undefined)).toEqual(['normal']);
  });

  it('scans probe one host; sweeps the sandbox CIDR and nothing else', async () => {
    const { nmapArgs, NMAP_SCENARIOS } = await import('../../../cli/sandbox/attacks/nmap-scans.js');
    const { calls, env } = nmapEnv(10_000);
    for (const s of NMAP_SCENARIOS) await s.run(env, { ports: '300' });
    for (const [cmd, args] of calls) {
      expect(cmd).toBe('nmap');
      const target = args.at(-1);
      expect(target === layout.cidr || target === env.dst.ip).toBe(true);
    }
    const sweep = calls.find(([, a]) => a.includes('-PE'))![1];
    expect(sweep.at(-1)).toBe('10.78.0.0/24');
    expect(sweep).not.toContain('-Pn');
    expect(nmapArgs({ name: 'x', description: '', flags: ['-sF'], ports: 1000 }, '10.78.0.2', 5_000, 300)).toContain(
      '300',
    );
    expect(calls.every(([, a]) => !a.includes('--max-rate'))).toBe(true);
  });

  it('a rate-limited scan or sweep passes --max-rate to nmap and records it; a bad rate runs nothing', async () => {
    const { calls, env } = nmapEnv(20_000);
    for (const name of ['portscan', 'fin-scan', 'arp-sweep']) {
      const params = await SCENARIOS[name]!.run(env, { rate: '40' });
      expect(params['rate']).toBe(40);
      const args = calls.at(-1)![1];
      expect(args[args.indexOf('--max-rate') + 1]).toBe('40');
      expect(args[args.indexOf('--host-timeout') + 1]).toBe('20s');
    }
    const before = calls.length;
    await expect(SCENARIOS['portscan']!.run(env, { rate: '-5' })).rejects.toThrow(/--rate -5/);
    await expect(SCENARIOS['ack-scan']!.run(env, { rate: '0' })).rejects.toThrow(/between 1 and/);
    expect(calls.length).toBe(before);
  });
});

/** A scenario environment from attacker to web whose runner records each command and answers as nmap does. */
function nmapEnv(durationMs: number) {
  const calls: Array<[string, string[]]> = [];
  const runner = {
    kind: 'test',
    argv: (h: { ns: string }, c: string, a: readonly string[]): [string, string[]] => [c, [h.ns, ...a]],
    run: (_h: unknown, c: string, a: readonly string[]) => {
      calls.push([c, [...a]]);
      return Promise.resolve({ code: 0, stdout: 'Host: 10.78.0.2 ()\tStatus: Up\n', stderr: '' });
    },
  };
  const [web, , , attacker] = layout.hosts;
  const env = { layout, src: attacker!, dst: web!, dir: '/tmp', durationMs, log: console, now: Date.now, runner };
  return { calls, env };
}
