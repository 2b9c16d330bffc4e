// `ziem analyze` on the real distributed-attack captures of ../shared/pcaps (StopDDoS's public
// collection, used in place, never copied here): a spoofed SYN flood, a TCP SYN-ACK reflection and
// an SNMP amplification, each one flood against the anonymised victim 10.10.10.10 with its source
// count, never thousands of per-source alerts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const bin = resolve('dist/cli/bin.js');
const pcaps = resolve('../shared/pcaps');

interface Line {
  kind?: string;
  src?: string;
  dst?: string;
  reason?: string;
}

async function analyze(file: string): Promise<Line[]> {
  const path = join(pcaps, file);
  expect(existsSync(path), `${path} (the shared captures must be present beside the repository)`).toBe(true);
  const r = await execa('node', [bin, '--json', 'analyze', path], {
    reject: false,
    env: { PATH: process.env['PATH'] ?? '' },
    extendEnv: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => l.kind !== undefined);
}

const sources = (src: string | undefined): number => Number(/^(\d+) sources$/.exec(src ?? '')?.[1] ?? NaN);

describe('ziem analyze on real distributed attacks', () => {
  it('a spoofed SYN flood is one SYN_FLOOD against the victim from many sources', async () => {
    const alerts = await analyze('pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng');
    expect(new Set(alerts.map((a) => `${a.kind} ${a.dst}`))).toEqual(new Set(['SYN_FLOOD 10.10.10.10']));
    for (const a of alerts) expect(sources(a.src)).toBeGreaterThanOrEqual(50);
  }, 120_000);

  it('a TCP SYN-ACK reflection is a REFLECTION_FLOOD of answers the victim never asked for', async () => {
    const alerts = await analyze('amp.TCP.reflection.SYNACK.pcap');
    expect(alerts.map((a) => `${a.kind} ${a.dst}`)).toEqual(['REFLECTION_FLOOD 10.10.10.10']);
    expect(sources(alerts[0]?.src)).toBeGreaterThanOrEqual(50);
    expect(alerts[0]?.reason).toContain('TCP SYN-ACKs');
    expect(alerts[0]?.reason).toContain('to 0 requests sent');
  }, 120_000);

  it('an SNMP amplification is a REFLECTION_FLOOD of UDP answers from port 161', async () => {
    const alerts = await analyze('amp.UDP.snmp.src161.pcapng');
    expect(alerts.map((a) => `${a.kind} ${a.dst}`)).toEqual(['REFLECTION_FLOOD 10.10.10.10']);
    expect(sources(alerts[0]?.src)).toBeGreaterThanOrEqual(50);
    expect(alerts[0]?.reason).toContain('UDP from port 161');
  }, 120_000);
});
