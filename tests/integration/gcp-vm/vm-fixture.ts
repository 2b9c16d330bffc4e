// Network namespaces standing in for GCP VMs, for the test of terraform/gcp/scripts/ziem-vm.sh:
// a host bridge plays the VPC subnet (each "VM" gets its static internal IP on it), a fake metadata
// JSON per VM in the metadata server's recursive shape, and a TCP relay pair that plays the route
// from a VM to the stack VM's Kafka (127.0.0.1:<port> inside the VM -> the bridge -> the test
// broker on the host's loopback, whose advertised address is that same 127.0.0.1:<port>).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { runTool } from '../../../cli/sandbox/run-tool.js';

export const VM_SCRIPT = join(import.meta.dirname, '../../../terraform/gcp/scripts/ziem-vm.sh');

export interface FakeVm {
  readonly name: string;
  readonly role: string;
  readonly ns: string;
  /** the "VPC" address (underlay) */
  readonly internalIp: string;
  /** overlay address without prefix */
  readonly overlayIp: string;
  readonly home: string;
  readonly metadataFile: string;
}

const ip = (args: string[]): Promise<unknown> => runTool('ip', args);

/** The relay inside a VM: 127.0.0.1:port -> host:port (Node, so no extra tool is needed). */
const RELAY_JS = `
const net = require('node:net');
const [listenPort, host, port] = process.argv.slice(1);
net.createServer((c) => { const u = net.connect(Number(port), host); c.pipe(u).pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); }).listen(Number(listenPort), '127.0.0.1');
`;

export class FakeVpc {
  readonly vms: FakeVm[] = [];
  private readonly relays: ChildProcess[] = [];
  private hostRelay: Server | undefined;
  /** processes still inside a namespace when it was removed (`vm:pid`): what `stop` missed */
  readonly strays: string[] = [];

  constructor(
    readonly prefix: string,
    /** underlay /24, e.g. 10.91.7.0/24: .1 is the host bridge, VMs from .10 */
    readonly cidr: string,
    readonly overlayCidr: string,
    readonly dir: string,
  ) {}

  get bridge(): string {
    return `${this.prefix}vpc`;
  }

  private base(cidr: string): string {
    return cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
  }

  get bridgeIp(): string {
    return `${this.base(this.cidr)}.1`;
  }

  async createBridge(): Promise<void> {
    await ip(['link', 'add', this.bridge, 'type', 'bridge']);
    await ip(['addr', 'add', `${this.bridgeIp}/24`, 'dev', this.bridge]);
    await ip(['link', 'set', this.bridge, 'up']);
  }

  /** A namespace with eth0 on the bridge at the VM's internal IP; nothing else (the script does the rest). */
  async addVm(name: string, role: string): Promise<FakeVm> {
    const i = this.vms.length;
    const vm: FakeVm = {
      name,
      role,
      ns: `${this.prefix}${name}`,
      internalIp: `${this.base(this.cidr)}.${10 + i}`,
      overlayIp: `${this.base(this.overlayCidr)}.${2 + i}`,
      home: join(this.dir, name),
      metadataFile: join(this.dir, `${name}-metadata.json`),
    };
    const hostSide = `${this.prefix}${name}`.slice(0, 15);
    await ip(['netns', 'add', vm.ns]);
    await ip(['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', vm.ns]);
    await ip(['link', 'set', hostSide, 'master', this.bridge]);
    await ip(['link', 'set', hostSide, 'up']);
    await ip(['-n', vm.ns, 'addr', 'add', `${vm.internalIp}/24`, 'dev', 'eth0']);
    await ip(['-n', vm.ns, 'link', 'set', 'eth0', 'up']);
    await ip(['-n', vm.ns, 'link', 'set', 'lo', 'up']);
    mkdirSync(vm.home, { recursive: true });
    this.vms.push(vm);
    return vm;
  }

  /** Writes each VM's metadata as the metadata server's /computeMetadata/v1/?recursive=true has it. */
  writeMetadata(common: Record<string, string>): void {
    const peers = this.vms.map((v) => v.internalIp).join(',');
    const prefixLen = this.overlayCidr.split('/')[1];
    for (const vm of this.vms) {
      const doc = {
        instance: {
          attributes: {
            ...common,
            'ziem-host': vm.name,
            'ziem-role': vm.role,
            'ziem-peers': peers,
            'ziem-overlay-ip': `${vm.overlayIp}/${prefixLen}`,
            'startup-script': readFileSync(VM_SCRIPT, 'utf8'),
          },
          hostname: `${vm.name}.c.test-project.internal`,
          networkInterfaces: [{ ip: vm.internalIp, mac: '42:01:0a:00:00:02', network: 'projects/1/networks/test' }],
          zone: 'projects/1/zones/europe-west1-b',
        },
        project: { projectId: 'test-project', numericProjectId: 1 },
      };
      writeFileSync(vm.metadataFile, JSON.stringify(doc));
    }
  }

  /** Runs the VM script in the VM's namespace, the way GCP would but with the fake metadata. */
  script(vm: FakeVm, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    return runTool('ip', ['netns', 'exec', vm.ns, 'env', ...this.scriptEnv(vm), 'bash', VM_SCRIPT, ...args], {
      okCodes: [0, 1, 2],
      timeoutMs: 120_000,
    });
  }

  scriptEnv(vm: FakeVm): string[] {
    return [`ZIEM_METADATA_FILE=${vm.metadataFile}`, `ZIEM_HOME=${vm.home}`, 'ZIEM_SERVICE_RUNNER=direct'];
  }

  /** Each VM reaches 127.0.0.1:kafkaPort as if it were the stack VM's Kafka. */
  async relayKafka(kafkaPort: number): Promise<void> {
    const server = createServer((c) => {
      const u = connect(kafkaPort, '127.0.0.1');
      c.pipe(u).pipe(c);
      c.on('error', () => u.destroy());
      u.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => server.listen(0, this.bridgeIp, r));
    this.hostRelay = server;
    const hostPort = (server.address() as { port: number }).port;
    for (const vm of this.vms) {
      const p = spawn(
        'ip',
        ['netns', 'exec', vm.ns, process.execPath, '-e', RELAY_JS, String(kafkaPort), this.bridgeIp, String(hostPort)],
        {
          stdio: 'ignore',
        },
      );
      this.relays.push(p);
    }
    for (const vm of this.vms) await this.waitListening(vm, kafkaPort);
  }

  async waitListening(vm: FakeVm, port: number, proto: 'tcp' | 'udp' = 'tcp'): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const r = await runTool('ip', [
        'netns',
        'exec',
        vm.ns,
        'ss',
        proto === 'tcp' ? '-ltnH' : '-lunH',
        `sport = :${port}`,
      ]);
      if (r.stdout.trim()) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`nothing listens on ${vm.name}:${port}/${proto}`);
  }

  /** The pids of a direct-run unit's process group (the script's pid file names the leader). */
  async unitPids(vm: FakeVm, unit: string): Promise<number[]> {
    const leader = readFileSync(join(vm.home, 'run', `${unit}.pid`), 'utf8').trim();
    const r = await runTool('pgrep', ['-g', leader], { okCodes: [0, 1] });
    return r.stdout.split('\n').filter(Boolean).map(Number);
  }

  /** Whether a process of the unit holds a packet socket (in its own namespace's /proc/<pid>/net/packet). */
  async capturing(vm: FakeVm, unit: string): Promise<boolean> {
    for (const pid of await this.unitPids(vm, unit)) {
      try {
        const inodes = new Set(
          readFileSync(`/proc/${pid}/net/packet`, 'utf8')
            .trim()
            .split('\n')
            .slice(1)
            .map((l) => l.trim().split(/\s+/).pop()),
        );
        for (const fd of readdirSync(`/proc/${pid}/fd`)) {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          if (m && inodes.has(m[1])) return true;
        }
      } catch {
        // gone or changing: not this one
      }
    }
    return false;
  }

  /** Stops every VM's units (the script's own `stop`), the relays, and removes namespaces and links. */
  async destroy(): Promise<void> {
    for (const vm of this.vms) await this.script(vm, ['stop']).catch(() => undefined);
    await Promise.all(
      this.relays.map((p) =>
        p.exitCode !== null || p.signalCode !== null
          ? undefined
          : new Promise((r) => (p.once('exit', r), p.kill('SIGTERM'))),
      ),
    );
    this.hostRelay?.close();
    for (const vm of this.vms) {
      // a namespace lives on while a process is in it: the script's stop must have ended them all
      const left = await runTool('ip', ['netns', 'pids', vm.ns], { okCodes: [0, 1] }).catch(() => undefined);
      this.strays.push(
        ...(left?.stdout
          .split('\n')
          .filter(Boolean)
          .map((pid) => `${vm.name}:${pid}`) ?? []),
      );
      for (const pid of left?.stdout.split('\n').filter(Boolean) ?? []) process.kill(Number(pid), 'SIGKILL');
      // the host end of the veth goes first and synchronously: deleting the namespace alone frees its
      // peer only when the kernel's deferred namespace cleanup runs, which a loaded machine delays
      await runTool('ip', ['link', 'del', vm.ns.slice(0, 15)], { okCodes: [0, 1] }).catch(() => undefined);
      await runTool('ip', ['netns', 'del', vm.ns], { okCodes: [0, 1] }).catch(() => undefined);
    }
    await runTool('ip', ['link', 'del', this.bridge], { okCodes: [0, 1] }).catch(() => undefined);
  }
}
