// `ziem analyze --assets --intel` as a user runs it, on the built binary with real tshark: the
// recorded SYN scan with an inventory naming both hosts and an intel list naming the scanner.
// Every alert and incident carries the victim's and attacker's asset (ALERTS_ENRICHED,
// INCIDENTS_ENRICHED), the scanner's first
// contact raises exactly one KNOWN_BAD_HOST (of 2,000 packets to the victim), and a bad inventory
// row stops the run naming file:line and the field, before any capture is read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const bin = resolve('dist/cli/bin.js');
const capture = resolve('tests/fixtures/captures/syn-scan.pcap.gz');
const tmp = mkdtempSync(join(tmpdir(), 'ziem-analyze-assets-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(tmp, name), text);
  return join(tmp, name);
};
const ziem = (args: string[]) =>
  execa('node', [bin, ...args], { reject: false, env: { PATH: process.env['PATH'] ?? '' }, extendEnv: false });

// the recorded scan: 10.77.0.7 scans 10.77.0.2 (tests/fixtures/captures/labels.txt)
const assets = file(
  'assets.csv',
  'ip,name,owner,criticality\n10.77.0.2,web-1,web-ops,high\n10.77.0.7,lab-laptop,red-team,low\n',
);
const intel = file('intel.txt', '# test feed\n10.77.0.7,test-feed,scanner seen elsewhere\n');

describe('ziem analyze with an asset inventory and an intel list', () => {
  it('enriches every alert and raises KNOWN_BAD_HOST once for the pair', async () => {
    const r = await ziem(['--json', 'analyze', capture, '--assets', assets, '--intel', intel]);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const alerts = lines.filter((l) => 'kind' in l);
    // the scan in its 10 s window (V000006) and its 5-minute window (V000018), one incident
    expect(alerts.map((a) => a['kind']).sort()).toEqual(['KNOWN_BAD_HOST', 'PORT_SCAN', 'PORT_SCAN']);
    for (const a of alerts)
      expect(a).toMatchObject({
        src: '10.77.0.7',
        dst: '10.77.0.2',
        victimName: 'web-1',
        victimOwner: 'web-ops',
        victimCriticality: 'high',
        attackerName: 'lab-laptop',
        attackerCriticality: 'low',
      });
    const incidents = lines.filter((l) => 'incident' in l).map((l) => l['incident'] as Record<string, unknown>);
    expect(incidents.map((i) => i['kind']).sort()).toEqual(['KNOWN_BAD_HOST', 'PORT_SCAN']);
    for (const i of incidents)
      expect(i).toMatchObject({ victimName: 'web-1', victimCriticality: 'high', attackerName: 'lab-laptop' });
    expect(alerts.find((a) => a['kind'] === 'KNOWN_BAD_HOST')!['reason']).toBe(
      'first contact 10.77.0.7 → 10.77.0.2: 10.77.0.7 is on the known-bad list (test-feed: scanner seen elsewhere)',
    );
  });

  it('prints the names on the alert line', async () => {
    const r = await ziem(['analyze', capture, '--assets', assets]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PORT_SCAN .* attacker lab-laptop \(low\) {2}victim web-1 \(high\)/);
    expect(r.stdout).not.toContain('KNOWN_BAD_HOST');
  });

  it('a bad inventory row is an error naming file:line and field; nothing is analysed', async () => {
    const bad = file('bad.csv', 'ip,name,owner,criticality\n10.77.0.2,web-1,web-ops,high\n10.77.0.300,x,y,low\n');
    const r = await ziem(['analyze', capture, '--assets', bad]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${bad}:3: field ip "10.77.0.300" is not an IPv4 address`);
    expect(r.stdout).toBe('');
  });
});
