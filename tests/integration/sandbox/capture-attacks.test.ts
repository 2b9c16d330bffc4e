// The capture agent and the attacks end to end on real parts: a Kafka broker (stack fixture), a
// sandbox in namespaces, dumpcap/tshark/kcat. A port scan's SYNs must reach the capture topic in
// the number tshark itself counts; a replayed pcap of the same traffic must yield the same records
// stamped with the packet times; every scenario must write its ground truth. Needs root.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../../../cli/sandbox/attack-sim.js';
import type { CaptureAgent } from '../../../cli/sandbox/capture-agent.js';
import { captureSettings, startAgent } from '../../../cli/sandbox/capture.js';
import { LABELS_TOPIC } from '../../../cli/sandbox/attacks/labels.js';
import { replayFile } from '../../../cli/sandbox/replay.js';
import { holdsPacketSocket } from '../../../cli/sandbox/packet-socket.js';
import { runTool } from '../../../cli/sandbox/run-tool.js';
import { runDown, runUp, sandboxStatus } from '../../../cli/sandbox/sandbox.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { leftovers, readTopic, sandboxTestEnv, type SandboxTestEnv } from './sandbox-fixture.js';

let stack: TestStack;
let env: SandboxTestEnv;
let agent: CaptureAgent | undefined;
const refPcap = (): string => join(env.config.stateDir, 'reference.pcap');

/** An independent dumpcap with the agent's own filter: the reference the agent is compared to. */
async function startReference(iface: string, filter: string): Promise<ChildProcess> {
  const p = spawn('dumpcap', ['-i', iface, '-P', '-q', '-s', '256', '-B', '64', '-f', filter, '-w', refPcap()], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  for (let i = 0; i < 200 && !holdsPacketSocket(p.pid ?? -1); i++) await new Promise((r) => setTimeout(r, 50));
  expect(holdsPacketSocket(p.pid ?? -1)).toBe(true);
  // as in the agent: let libpcap attach its filter before the traffic starts
  await new Promise((r) => setTimeout(r, 250));
  return p;
}

/** Stops the reference capture; resolves with its exit report (packets received/dropped). */
function stopProcess(p: ChildProcess): Promise<string> {
  let err = '';
  p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((r) => (p.exitCode !== null ? r(err) : (p.once('exit', () => r(err.trim())), p.kill('SIGTERM'))));
}

async function tsharkCount(file: string, displayFilter: string): Promise<number> {
  const r = await runTool('tshark', ['-r', file, '-n', '-Y', displayFilter, '-T', 'fields', '-e', 'frame.number']);
  return r.stdout.split('\n').filter(Boolean).length;
}

interface Layers {
  ip_src?: string[];
  ip_dst?: string[];
  tcp_flags_syn?: string[];
  tcp_flags_ack?: string[];
}

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  env = sandboxTestEnv({ 'kafka.bootstrap': stack.bootstrap, 'capture.topic': 'network-traffic' });
  await runUp(env.ctx, {});
});

afterAll(async () => {
  await agent?.stop(5_000);
  if (env) {
    await runDown(env.ctx);
    expect(await leftovers(env.prefix)).toEqual([]);
    env.cleanup();
  }
  await stack?.stop();
});

describe('capture agent', () => {
  it('delivers exactly the port scan SYNs tshark counts, and the replay matches the live records', async () => {
    const s = captureSettings(env.ctx);
    expect(s.iface).toBe(`${env.prefix}br`);
    // the reference capture brackets the agent's: it starts first and stops last, so it holds every
    // packet the agent saw (and possibly a few just before or after)
    const ref = await startReference(s.iface, s.filter);
    agent = await startAgent(s, (l) => process.stderr.write(`${l}\n`));
    const label = await runAttack(env.ctx, 'portscan', {});
    await new Promise((r) => setTimeout(r, 1_000));
    const stats = await agent.stop(20_000);
    agent = undefined;
    const refErr = await stopProcess(ref);
    expect(stats.failed).toBe(0);
    expect(stats.delivered).toBe(stats.packets);

    const live = await readTopic(stack.bootstrap, 'network-traffic');
    expect(live.length).toBe(stats.packets);
    const synFilter = `ip.src==${label.src} && ip.dst==${label.dst} && tcp.flags.syn==1 && tcp.flags.ack==0`;
    const expectedSyns = await tsharkCount(refPcap(), synFilter);
    const syns = live
      .map(([, v]) => (JSON.parse(v) as { layers: Layers }).layers)
      .filter(
        (l) =>
          l.ip_src?.[0] === label.src &&
          l.ip_dst?.[0] === label.dst &&
          l.tcp_flags_syn?.[0] === '1' &&
          l.tcp_flags_ack?.[0] === '0',
      );
    // nmap sends one SYN per port (more on retries); the platform's own ports are filtered out
    expect(expectedSyns).toBeGreaterThan(900);
    expect(syns.length).toBe(expectedSyns);

    const replayed = await replayFile(env.ctx, {
      file: refPcap(),
      max: true,
      topic: 'replayed',
      keepTime: true,
      settleMs: 0,
    });
    const back = await readTopic(stack.bootstrap, 'replayed');
    expect(back.length).toBe(replayed.records);
    // two packet sockets stamp the same packet independently, a millisecond apart at times: the
    // layers must match exactly, the packet times within a few milliseconds
    const byLayers = (rs: Array<[number, string]>): Map<string, number[]> => {
      const m = new Map<string, number[]>();
      for (const [, v] of rs) {
        const r = JSON.parse(v) as { timestamp: string; layers: unknown };
        const k = JSON.stringify(r.layers);
        m.set(
          k,
          [...(m.get(k) ?? []), Number(r.timestamp)].sort((a, b) => a - b),
        );
      }
      return m;
    };
    const liveBy = byLayers(live);
    const backBy = byLayers(back);
    expect(refErr).toMatch(/dropped on interface .*: \d+\/0 /);
    const liveTimes = live.map(([, v]) => Number((JSON.parse(v) as { timestamp: string }).timestamp));
    const [first, last] = [Math.min(...liveTimes), Math.max(...liveTimes)];
    let extra = 0;
    for (const [k, times] of backBy) {
      const mine = liveBy.get(k) ?? [];
      // every live record is in the replay with the same layers, its time within a few milliseconds;
      // replayed packets the agent did not see lie outside the agent's capture window
      const unmatched = times.filter((t) => {
        const i = mine.findIndex((m) => Math.abs(m - t) <= 5);
        if (i < 0) return true;
        mine.splice(i, 1);
        return false;
      });
      expect(mine, `live records missing from the replay: ${k}`).toEqual([]);
      for (const t of unmatched)
        expect(t < first || t > last, `replayed packet inside the live window: ${k}`).toBe(true);
      extra += unmatched.length;
    }
    for (const k of liveBy.keys()) expect(backBy.has(k), `live record missing from the replay: ${k}`).toBe(true);
    expect(back.length).toBe(live.length + extra);
    for (const [ts, v] of back) expect(ts).toBe(Number((JSON.parse(v) as { timestamp: string }).timestamp));
  });

  it('restarts tshark when it dies and keeps capturing', async () => {
    agent = await startAgent(captureSettings(env.ctx), (l) => process.stderr.write(`${l}\n`));
    const tsharkPid = agent.pids()[1]!;
    process.kill(tsharkPid, 'SIGKILL');
    for (let i = 0; i < 100 && (agent.stats().restarts < 1 || !agent.stats().running); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(agent.stats().restarts).toBe(1);
    expect(agent.pids()[1]).not.toBe(tsharkPid);
    const before = agent.stats().packets;
    const web = (await sandboxStatus(env.ctx)).find((h) => h.name === 'web')!;
    await runTool('ip', ['netns', 'exec', `${env.prefix}attacker`, 'ping', '-c', '3', '-i', '0.2', web.ip]);
    const stats = await agent.stop(20_000);
    agent = undefined;
    expect(stats.packets - before).toBeGreaterThanOrEqual(6);
    // tshark died first; kcat, losing its input, may be reaped in the same tick and reported instead
    expect(stats.lastError).toMatch(/(tshark|kcat) exited/);
  });
});

describe('attack scenarios', () => {
  it('each writes its ground truth to ziem-attack-labels', async () => {
    await runAttack(env.ctx, 'synflood', { rate: '2000', count: '1000' });
    await runAttack(env.ctx, 'bruteforce', { attempts: '6' });
    await runAttack(env.ctx, 'normal', { duration: '3s' });
    const labels = (await readTopic(stack.bootstrap, LABELS_TOPIC)).map(
      ([, v]) => JSON.parse(v) as Record<string, unknown> & { params: Record<string, unknown> },
    );
    expect(labels.map((l) => l['scenario'])).toEqual(['portscan', 'synflood', 'bruteforce', 'normal']);
    const hosts = await sandboxStatus(env.ctx);
    const ip = (n: string): string => hosts.find((h) => h.name === n)!.ip;
    expect(labels[1]).toMatchObject({ src: ip('attacker'), dst: ip('web'), params: { sent: 1000, rate: 2000 } });
    expect(labels[2]).toMatchObject({ dst: ip('db'), params: { rejected: 6, accepted: 0 } });
    expect(labels[3]).toMatchObject({ src: ip('workstation'), dst: env.cidr, params: { failed: 0 } });
    expect((labels[3]!.params['http'] as number) + (labels[3]!.params['ssh'] as number)).toBeGreaterThan(0);
    for (const l of labels) expect(l['endedAt'] as number).toBeGreaterThanOrEqual(l['startedAt'] as number);
  });
});

describe('technique scenarios', () => {
  it('run for real in the sandbox and record what they did', async () => {
    const db = (await sandboxStatus(env.ctx)).find((h) => h.name === 'db')!.ip;
    const ssh2222 = await runAttack(env.ctx, 'bruteforce', { port: '2222', attempts: '3', parallel: '1' });
    expect(ssh2222).toMatchObject({ dst: db, params: { port: 2222, rejected: 3, accepted: 0 } });
    const slow = await runAttack(env.ctx, 'slow-bruteforce', { attempts: '2', duration: '2s' });
    expect(slow.params).toMatchObject({ attempts: 2, rejected: 2, intervalMs: 1000 });
    expect(slow.endedAt - slow.startedAt).toBeGreaterThanOrEqual(1000);
    const ftp = await runAttack(env.ctx, 'ftp-bruteforce', { attempts: '4' });
    // the sandbox FTP server refuses every login with 530, which curl reports as exit 67
    expect(ftp).toMatchObject({ dst: db, params: { port: 21, attempts: 4, rejected: 4, errors: 0 } });
    const spoofed = await runAttack(env.ctx, 'spoofed-synflood', { rate: '2000', count: '400' });
    expect(spoofed.params).toMatchObject({ spoofed: true, sent: 400 });
    const fin = await runAttack(env.ctx, 'fin-scan', { ports: '50' });
    expect(fin.params).toMatchObject({ technique: '-sF', ports: 50 });
    const sweep = await runAttack(env.ctx, 'icmp-sweep', {});
    expect(sweep.params['target']).toBe(env.cidr);
    // the sandbox's four hosts answer (the attacker itself included)
    expect(sweep.params['hostsUp']).toBeGreaterThanOrEqual(3);
  });
});
