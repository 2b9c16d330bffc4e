// `ziem analyze` and `ziem replay` as a user runs them, on the built binary with real tshark and
// capinfos: every recorded capture of tests/fixtures/captures against its label (a capture whose
// alert kind no ksql/ rule names yet is skipped, saying so; a rule that exists and misses fails), --json, and each kind of bad input
// (empty, cut short, not a capture, no IP traffic, unknown label, wrong expectations).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const bin = resolve('dist/cli/bin.js');
const dir = resolve('tests/fixtures/captures');
const labels = join(dir, 'labels.txt');
const ziem = (args: string[]) =>
  execa('node', [bin, ...args], {
    reject: false,
    env: { PATH: process.env['PATH'] ?? '' },
    extendEnv: false,
    cwd: resolve('.'),
  });
const tmp = mkdtempSync(join(tmpdir(), 'ziem-analyze-'));

/** Alert kinds some ksql/ migration names as a string literal (a rule that can raise them). */
const ruled = new Set(
  readdirSync('ksql')
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) => [...readFileSync(join('ksql', f), 'utf8').matchAll(/'([A-Z][A-Z_]+)'/g)].map((m) => m[1]!)),
);
const rows = readFileSync(labels, 'utf8')
  .split('\n')
  .map((l) => l.replace(/#.*/, '').trim())
  .filter(Boolean)
  .map((l) => l.split(/\s+/) as [string, string]);

describe('ziem analyze on the recorded captures', () => {
  for (const [capture, kind] of rows) {
    const skip = kind !== 'none' && !ruled.has(kind);
    it.skipIf(skip)(`${capture}: ${kind}${skip ? ' (no ksql/ rule raises it yet)' : ''}`, async () => {
      const r = await ziem(['analyze', join(dir, capture), '--expect', labels]);
      expect(r.stderr + r.stdout).not.toContain('differ from the labels');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`${join(dir, capture)}: `);
    });
  }

  it('prints JSON lines: alerts in the shape of `ziem alerts --json`, then a summary', async () => {
    const r = await ziem(['--json', 'analyze', join(dir, 'syn-scan.pcap.gz'), join(dir, 'benign-dns.pcap.gz')]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const alerts = lines.filter((l) => 'kind' in l);
    expect(alerts.length).toBeGreaterThan(0);
    expect(Object.keys(alerts[0]!).sort()).toEqual(
      [
        'attackClass',
        'capture',
        'classProbability',
        'dst',
        'kind',
        'reason',
        'score',
        'src',
        'windowEnd',
        'windowStart',
      ].sort(),
    );
    expect(alerts.every((a) => a['capture'] === join(dir, 'syn-scan.pcap.gz'))).toBe(true);
    const summaries = lines.filter((l) => 'summary' in l).map((l) => l['summary'] as Record<string, number>);
    expect(summaries.length).toBe(2);
    expect(summaries[0]!['packets']).toBeGreaterThan(1000);
    expect(summaries[1]!['alerts']).toBe(0);
  });
});

describe('ziem analyze with an INCIDENTS table', () => {
  it('prints the incidents the pipeline holds at the end (the last update of each)', async () => {
    const r = await execa(
      'node',
      [bin, '--json', 'analyze', join(dir, 'syn-scan.pcap.gz'), join(dir, 'connect-scan.pcap.gz')],
      { reject: false, env: { PATH: process.env['PATH'] ?? '' }, extendEnv: false, cwd: tmp },
    );
    expect(r.exitCode).toBe(0);
    const incidents = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { incident?: Record<string, unknown>; capture?: string })
      .filter((l) => l.incident);
    // each capture on its own pipeline: one scan, one incident each (ksql/V000015's INCIDENTS), in
    // the shape of `ziem alerts --incidents --json`, open at the capture's end
    expect(incidents.map((i) => [i.incident!['kind'], i.incident!['attacker'], i.incident!['victim']])).toEqual([
      ['PORT_SCAN', '10.77.0.7', '10.77.0.2'],
      ['PORT_SCAN', '10.77.0.7', '10.77.0.2'],
    ]);
    expect(incidents.map((i) => i.incident!['state'])).toEqual(['open', 'open']);
    expect(incidents.every((i) => typeof i.incident!['id'] === 'string' && !('KEY' in i.incident!))).toBe(true);
    const text = await execa('node', [bin, 'analyze', join(dir, 'syn-scan.pcap.gz')], {
      reject: false,
      env: { PATH: process.env['PATH'] ?? '' },
      extendEnv: false,
      cwd: tmp,
    });
    // a person's line, as `ziem alerts --incidents` prints it: no raw key bytes
    expect(text.stdout).toMatch(/^incident {2}\S+Z {2}PORT_SCAN +10\.77\.0\.7 → 10\.77\.0\.2 {2}open /m);
    expect(text.stdout).not.toMatch(/\\u0000|KEY/);
  });
});

describe('ziem analyze on bad input', () => {
  it('refuses an empty file, a file cut short and a file that is not a capture (exit 1)', async () => {
    const empty = join(tmp, 'empty.pcap');
    writeFileSync(empty, '');
    const whole = gunzipSync(readFileSync(join(dir, 'syn-scan.pcap.gz')));
    const cut = join(tmp, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2) + 7));
    const text = join(tmp, 'notes.pcap');
    writeFileSync(text, 'hello\n');
    for (const [file, msg] of [
      [empty, 'the file is empty (0 bytes)'],
      [cut, 'cut short in the packet data'],
      [text, 'not a pcap or pcapng capture'],
    ] as const) {
      const r = await ziem(['analyze', file]);
      expect(r.exitCode, file).toBe(1);
      expect(r.stderr).toContain(msg);
      expect(r.stdout).toBe('');
    }
  });

  it('says "nothing found" for a capture without IP traffic', async () => {
    // five ARP packets of the sweep: too few for HOST_SWEEP, and no IP at all
    const arp = join(tmp, 'arp.pcap');
    const arpOnly = join(tmp, 'arp-only.pcap');
    await execa('tshark', ['-r', join(dir, 'arp-sweep.pcap.gz'), '-Y', 'arp', '-w', arp]);
    await execa('tshark', ['-r', arp, '-c', '5', '-w', arpOnly]);
    const r = await ziem(['analyze', arpOnly]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('0 alert(s)');
    expect(r.stdout).toContain('nothing found: the capture holds no IP traffic');
    // the whole ARP sweep holds no IP either, but raises its alert: the summary says so
    const sweep = await ziem(['analyze', arp]);
    expect(sweep.stdout).toMatch(/\(0 IP\).*alerts: HOST_SWEEP 1/);
  });

  it('exits 2 on an unknown label name, naming file:line', async () => {
    const bad = join(tmp, 'bad-labels.txt');
    writeFileSync(
      bad,
      `# one good, one bad\n${join(dir, 'syn-scan.pcap.gz')} PORT_SCAN\n${join(dir, 'benign-dns.pcap.gz')} PORTSCAN\n`,
    );
    const r = await ziem(['analyze', join(dir, 'syn-scan.pcap.gz'), '--expect', bad]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: unknown alert kind "PORTSCAN"`);
  });

  it('exits 1 naming each missed and unexpected detection', async () => {
    const wrong = join(tmp, 'wrong-labels.txt');
    writeFileSync(
      wrong,
      `${join(dir, 'syn-scan.pcap.gz')} none\n${join(dir, 'benign-dns.pcap.gz')} SYN_FLOOD 10.77.0.6 10.77.0.5\n`,
    );
    const r = await ziem([
      'analyze',
      join(dir, 'syn-scan.pcap.gz'),
      join(dir, 'benign-dns.pcap.gz'),
      '--expect',
      wrong,
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/syn-scan\.pcap\.gz: unexpected PORT_SCAN 10\.77\.0\.7 → 10\.77\.0\.2/);
    expect(r.stderr).toMatch(
      /benign-dns\.pcap\.gz: missed SYN_FLOOD 10\.77\.0\.6 → 10\.77\.0\.5 \(.*wrong-labels\.txt:2\)/,
    );
  });
});

describe('ziem replay on bad input', () => {
  it('refuses an empty or cut-short file before it connects to Kafka (nothing sent)', async () => {
    const empty = join(tmp, 'zero.pcap');
    writeFileSync(empty, '');
    const whole = gunzipSync(readFileSync(join(dir, 'syn-scan.pcap.gz')));
    const cut = join(tmp, 'half.pcap');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2) + 7));
    // a port nothing listens on: an error about Kafka would mean the file was not checked first
    for (const [file, msg] of [
      [empty, 'the file is empty (0 bytes)'],
      [cut, 'cut short in the packet data'],
    ] as const) {
      const r = await execa('node', [bin, 'replay', file, '--max'], {
        reject: false,
        env: { PATH: process.env['PATH'] ?? '', ZIEM_KAFKA_BOOTSTRAP: '127.0.0.1:1' },
        extendEnv: false,
        cwd: tmp,
      });
      expect(r.exitCode, file).toBe(1);
      expect(r.stderr).toContain(msg);
      expect(r.stderr).not.toMatch(/kafka/i);
    }
  });
});
