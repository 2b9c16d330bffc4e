// The sandbox image's start script (compose/sandbox/entrypoint.sh, which runs the units of
// terraform/gcp/scripts/ziem-vm.sh, the very files the image copies) run here as the containers
// would run them, in network namespaces standing in for the containers on the sandbox network:
// the web host serves HTTP, the db host's sshd takes the client key ziem generates and refuses
// passwords, its DNS-like responder answers, and `ready` (the healthcheck) says so. No container
// runs here: this is what runs inside one.
import { spawn, type ChildProcess } from 'node:child_process';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (a failing one too) with its output. */
function runTool(
  cmd: string,
  args: readonly string[],
  o: { env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), o.timeoutMs ?? 15_000);
    c.on('close', (code) => (clearTimeout(t), resolve({ code, stdout, stderr })));
  });
}
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CAPTURE_FIELDS } from '../../../cli/sandbox/capture-fields.js';
import { readTopicToEnd } from '../../../cli/alerts/topic-read.js';
import { freePort } from '../../../cli/stack/ports.js';
import { startBroker } from '../support/kafka-broker.js';
import { projectRoot } from '../../../cli/stack/layout.js';
import { leftovers, testNetwork } from '../sandbox/sandbox-fixture.js';

const ROOT = projectRoot();
const ENTRY = join(ROOT, 'compose/sandbox/entrypoint.sh');
const { prefix, cidr } = testNetwork();
const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
const hosts = { web: `${base}.2`, db: `${base}.3`, workstation: `${base}.4` };
const br = `${prefix}sbr`;
const ns = (h: string): string => `${prefix}${h}`;
let dir: string;
const started: ChildProcess[] = [];

const ip = (args: string[]): Promise<unknown> => runTool('ip', args);
const inNs = (h: string, cmd: string, args: string[], timeoutMs = 15_000) =>
  runTool('ip', ['netns', 'exec', ns(h), cmd, ...args], { timeoutMs, allowFailure: true });

/** What the compose file sets for a host container (compose-sandbox.ts), and the image's ZIEM_*. */
function containerEnv(h: keyof typeof hosts): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    ZIEM_HOME: join(dir, h),
    ZIEM_SERVICE_RUNNER: 'direct',
    ZM_HOST: h,
    ZM_ROLE: h,
    ZM_OVERLAY_IP: `${hosts[h]}/24`,
    ZM_CLIENT_KEY: join(dir, 'keys', 'client_ed25519'),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ziem-sandbox-entry-'));
  await ip(['link', 'add', br, 'type', 'bridge']);
  await ip(['link', 'set', br, 'up']);
  for (const [i, h] of Object.keys(hosts).entries()) {
    await ip(['netns', 'add', ns(h)]);
    await ip(['link', 'add', `${prefix}e${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns(h)]);
    await ip(['link', 'set', `${prefix}e${i}`, 'master', br, 'up']);
    await inNs(h, 'ip', ['addr', 'add', `${hosts[h as keyof typeof hosts]}/24`, 'dev', 'eth0']);
    await inNs(h, 'ip', ['link', 'set', 'eth0', 'up']);
    await inNs(h, 'ip', ['link', 'set', 'lo', 'up']);
    // the image: the two scripts at $ZIEM_HOME/bin
    mkdirSync(join(dir, h, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'terraform/gcp/scripts/ziem-vm.sh'), join(dir, h, 'bin', 'ziem-vm.sh'));
    copyFileSync(ENTRY, join(dir, h, 'bin', 'entrypoint.sh'));
  }
  mkdirSync(join(dir, 'keys'), { mode: 0o700 });
  await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'keys', 'client_ed25519')]);
  for (const h of ['web', 'db'] as const) {
    const p = spawn('ip', ['netns', 'exec', ns(h), join(dir, h, 'bin', 'entrypoint.sh'), 'host'], {
      env: containerEnv(h),
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    started.push(p);
  }
}, 60_000);

afterAll(async () => {
  for (const p of started) {
    try {
      process.kill(-p.pid!, 'SIGTERM');
    } catch {
      // gone
    }
  }
  for (const h of Object.keys(hosts)) {
    await runTool('ip', ['netns', 'pids', ns(h)], { allowFailure: true }).then(async (r) => {
      for (const pid of r.stdout.split('\n').filter(Boolean))
        await runTool('kill', ['-9', pid], { allowFailure: true });
    });
  }
  for (const [i] of Object.keys(hosts).entries())
    await runTool('ip', ['link', 'del', `${prefix}e${i}`], { allowFailure: true });
  for (const h of Object.keys(hosts)) await runTool('ip', ['netns', 'del', ns(h)], { allowFailure: true });
  await runTool('ip', ['link', 'del', br], { allowFailure: true });
  expect(await leftovers(prefix)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ready = async (h: 'web' | 'db'): Promise<boolean> =>
  (
    await runTool('ip', ['netns', 'exec', ns(h), join(dir, h, 'bin', 'entrypoint.sh'), 'ready'], {
      allowFailure: true,
      env: containerEnv(h),
    })
  ).code === 0;

describe('the sandbox image start script, in network namespaces', () => {
  it('web: ready, and serves its page to the workstation', async () => {
    await until('web ready', () => ready('web'));
    const r = await inNs('workstation', 'curl', ['-s', '-m', '5', `http://${hosts.web}/`]);
    expect(r.stdout).toContain('<h1>web</h1>');
  });

  it('db: ready; the client key logs in, a password is refused, DNS-like UDP answers, SSH on 2222 and FTP too', async () => {
    await until('db ready', () => ready('db'));
    const ssh = [
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'ConnectTimeout=5',
    ];
    const key = await inNs('workstation', 'ssh', [
      '-i',
      join(dir, 'keys', 'client_ed25519'),
      '-o',
      'BatchMode=yes',
      ...ssh,
      `root@${hosts.db}`,
      'x',
    ]);
    expect(key.stdout.trim()).toBe('ziem-sandbox-session');
    const pw = await runTool(
      'ip',
      [
        'netns',
        'exec',
        ns('workstation'),
        'sshpass',
        '-e',
        'ssh',
        '-o',
        'PubkeyAuthentication=no',
        '-o',
        'PreferredAuthentications=password',
        ...ssh,
        `root@${hosts.db}`,
        'x',
      ],
      { allowFailure: true, env: { ...process.env, SSHPASS: 'guess' } },
    );
    expect(pw.code).toBe(5);
    const dns = await inNs('workstation', 'python3', [
      '-c',
      'import socket,sys; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.settimeout(3); s.sendto(b"\\x12\\x34\\x01\\x00", (sys.argv[1], 53)); d=s.recv(64); print(d[:4].hex())',
      hosts.db,
    ]);
    expect(dns.stdout.trim()).toBe('12348180');
    // SSH on a non-standard port, and FTP refusing every password (the brute-force targets)
    const alt = await inNs('workstation', 'bash', ['-c', `exec 3<>/dev/tcp/${hosts.db}/2222; head -c 8 <&3`]);
    expect(alt.stdout).toBe('SSH-2.0-');
    const ftp = await inNs('workstation', 'python3', [
      '-c',
      'import socket,sys; s=socket.create_connection((sys.argv[1], 21), 3); f=s.makefile("rwb"); print(f.readline().decode().strip()); f.write(b"USER root\\r\\n"); f.flush(); print(f.readline().decode().strip()); f.write(b"PASS guess\\r\\n"); f.flush(); print(f.readline().decode().strip())',
      hosts.db,
    ]);
    expect(
      ftp.stdout
        .trim()
        .split('\n')
        .map((l) => l.slice(0, 3)),
    ).toEqual(['220', '331', '530']);
  });

  it("agent: the sidecar's capture of its host's outbound packets reaches Kafka, each packet once", async () => {
    // Kafka at its sandbox-network address (compose: the last usable one), on the bridge
    await ip(['addr', 'add', `${base}.254/24`, 'dev', br]);
    const port = await freePort();
    const broker = await startBroker({
      listener: `PLAINTEXT://${base}.254:${port}`,
      protocol: 'PLAINTEXT',
      controllerPort: await freePort(),
    });
    onTestFinished(() => broker.stop());
    const home = join(dir, 'capture-web');
    mkdirSync(join(home, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'terraform/gcp/scripts/ziem-vm.sh'), join(home, 'bin', 'ziem-vm.sh'));
    copyFileSync(ENTRY, join(home, 'bin', 'entrypoint.sh'));
    const agent = spawn('ip', ['netns', 'exec', ns('web'), join(home, 'bin', 'entrypoint.sh'), 'agent'], {
      env: {
        PATH: process.env['PATH'],
        ZIEM_HOME: home,
        ZM_HOST: 'web',
        ZM_ROLE: 'web',
        ZM_CAPTURE_INTERFACE: 'eth0',
        ZM_CAPTURE_FILTER: `not (tcp port ${port})`,
        ZM_CAPTURE_FIELDS: CAPTURE_FIELDS.join(','),
        ZM_CAPTURE_TOPIC: 'network-traffic',
        ZM_KAFKA_BOOTSTRAP: `${base}.254:${port}`,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    started.push(agent);
    let records: Array<{ layers: Record<string, string[]> }> = [];
    // until the agent is up (dumpcap starting, kcat's first batch), the web host is asked again
    await until('captured packets in Kafka', async () => {
      await inNs('workstation', 'curl', ['-s', '-o', '/dev/null', '-m', '2', `http://${hosts.web}/`]);
      records = (await readTopicToEnd(broker.bootstrap, 'network-traffic', 10_000).catch(() => [])).map(
        (b) => JSON.parse(b.toString()) as { layers: Record<string, string[]> },
      );
      return records.some((r) => r.layers['tcp_srcport']?.[0] === '80');
    });
    // outbound only: the web host's own packets; the workstation's are its own agent's to capture
    expect(records.every((r) => r.layers['ip_src']?.[0] === hosts.web || r.layers['ip_src'] === undefined)).toBe(true);
    expect(records.some((r) => r.layers['ip_dst']?.[0] === hosts.workstation)).toBe(true);
  }, 180_000);

  it('refuses an unknown role before starting anything', async () => {
    const r = await runTool(ENTRY, ['host'], {
      allowFailure: true,
      env: { ...containerEnv('web'), ZM_ROLE: 'printer' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown role "printer"');
  });
});
