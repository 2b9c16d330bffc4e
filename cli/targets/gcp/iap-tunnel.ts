// IAP TCP forwarding to the stack VM: one `gcloud compute start-iap-tunnel` per service port, each
// listening on a free port of 127.0.0.1 only. gcloud tests the tunnel first ("Testing if tunnel
// connection works." on stderr) and only then binds the local port, so a tunnel is ready when that
// port accepts a connection (its "Listening on port [N]." line goes to a buffered stdout and may
// come late). Tunnels are closed with SIGINT, which gcloud handles as Ctrl-C, then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { InternalError, ZiemError } from '../../../core/errors/ziem-error.js';
import { gcloudErrorLine, type Gcloud } from './gcloud.js';
import type { GcpVm } from './outputs.js';

export interface Tunnel {
  readonly remotePort: number;
  readonly localPort: number;
  close(): Promise<void>;
}

export interface TunnelSet {
  /** local port by service name */
  readonly local: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() =>
        typeof a === 'object' && a ? resolve(a.port) : reject(new InternalError('the OS gave no local port')),
      );
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port });
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('close', () => (clearTimeout(kill), resolve()));
    child.kill('SIGINT');
  });
}

export async function openTunnel(
  g: Gcloud,
  o: { project: string; vm: GcpVm; remotePort: number; timeoutMs: number },
): Promise<Tunnel> {
  const localPort = await freeLocalPort();
  const args = [
    'compute',
    'start-iap-tunnel',
    o.vm.instance,
    String(o.remotePort),
    `--local-host-port=127.0.0.1:${localPort}`,
    `--zone=${o.vm.zone}`,
    `--project=${o.project}`,
  ];
  const child = spawn(g.bin, args, { env: g.env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4_000)));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  const deadline = Date.now() + o.timeoutMs;
  const where = `${o.vm.instance}:${o.remotePort}`;
  for (;;) {
    if (spawnError)
      throw new ZiemError('IAP_TUNNEL', `cannot run ${g.bin} for the IAP tunnel to ${where}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new ZiemError(
        'IAP_TUNNEL',
        `the IAP tunnel to ${where} ended: ${gcloudErrorLine(stderr) || 'no error printed'}`,
        {
          hint: 'the firewall must allow 35.235.240.0/20 to that port, and you need roles/iap.tunnelResourceAccessor',
        },
      );
    if (await accepts(localPort)) break;
    if (Date.now() > deadline) {
      await stop(child);
      throw new ZiemError('IAP_TUNNEL', `the IAP tunnel to ${where} did not open within ${o.timeoutMs} ms`, {
        hint: `gcloud said: ${gcloudErrorLine(stderr) || 'nothing'}`,
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { remotePort: o.remotePort, localPort, close: () => stop(child) };
}

/** One tunnel per named port; if any fails, the ones already open are closed again. */
export async function openTunnels(
  g: Gcloud,
  o: { project: string; vm: GcpVm; ports: Readonly<Record<string, number>>; timeoutMs: number },
): Promise<TunnelSet> {
  const open: Array<[string, Tunnel]> = [];
  const closeAll = async (): Promise<void> => void (await Promise.all(open.map(([, t]) => t.close())));
  try {
    for (const [name, remotePort] of Object.entries(o.ports))
      open.push([name, await openTunnel(g, { project: o.project, vm: o.vm, remotePort, timeoutMs: o.timeoutMs })]);
  } catch (e) {
    await closeAll();
    throw e;
  }
  return { local: Object.fromEntries(open.map(([n, t]) => [n, t.localPort])), close: closeAll };
}
