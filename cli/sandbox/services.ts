// The real services inside sandbox hosts: an HTTP server on `web`, sshd (own config) and a
// DNS-like UDP responder on `db`. Each is a detached process in the host's namespace whose pid
// is recorded in the sandbox state, and `up` waits until each one listens.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from './errors.js';
import { runInNs, runTool } from './run-tool.js';
import { sshdConfig } from './sshd-config.js';
import type { SandboxHost } from './layout.js';
import type { RecordedProcess } from './state.js';

export const HTTP_PORT = 80;
export const SSH_PORT = 22;
export const DNS_PORT = 53;
export const FTP_PORT = 21;

interface ServiceSpec {
  service: string;
  proto: 'tcp' | 'udp';
  port: number;
  cmd: string;
  args: string[];
}

// Answers every datagram with a short reply, like a resolver: enough for DNS-like UDP traffic.
const UDP_RESPONDER = [
  'import socket, sys',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  's.bind((sys.argv[1], int(sys.argv[2])))',
  'while True:',
  '    data, peer = s.recvfrom(2048)',
  '    s.sendto(data[:2] + b"\\x81\\x80" + data[4:], peer)',
].join('\n');

// A minimal FTP server (RFC 959 control channel only): greets with 220, asks every USER for a
// password (331) and refuses every PASS (530), so each login attempt fails as on a real server.
const FTP_SERVER = [
  'import socketserver, sys',
  'class H(socketserver.StreamRequestHandler):',
  '    def handle(self):',
  '        self.wfile.write(b"220 ziem sandbox FTP\\r\\n")',
  '        for line in self.rfile:',
  '            cmd = line.decode("latin-1").strip().split(" ")[0].upper()',
  '            if cmd == "USER": self.wfile.write(b"331 Password required\\r\\n")',
  '            elif cmd == "PASS": self.wfile.write(b"530 Login incorrect.\\r\\n")',
  '            elif cmd == "QUIT": self.wfile.write(b"221 Goodbye.\\r\\n"); return',
  '            else: self.wfile.write(b"530 Please login with USER and PASS.\\r\\n")',
  'class S(socketserver.ThreadingTCPServer):',
  '    allow_reuse_address = True',
  '    daemon_threads = True',
  'S((sys.argv[1], int(sys.argv[2])), H).serve_forever()',
].join('\n');

/** The client key the normal traffic logs in with; created once per sandbox. */
export function clientKeyPath(dir: string): string {
  return join(dir, 'ssh', 'client_ed25519');
}

async function prepareSsh(dir: string, h: SandboxHost): Promise<ServiceSpec> {
  const sshDir = join(dir, 'ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  const hostKey = join(sshDir, 'host_ed25519');
  if (!existsSync(hostKey))
    await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ziem-sandbox-host', '-f', hostKey]);
  const clientKey = clientKeyPath(dir);
  if (!existsSync(clientKey))
    await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ziem-sandbox-client', '-f', clientKey]);
  const authorizedKeys = join(sshDir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const config = join(sshDir, `sshd_config.${h.name}`);
  writeFileSync(config, sshdConfig(h.ip, { hostKey, authorizedKeys, pidFile: join(sshDir, `sshd.${h.name}.pid`) }), {
    mode: 0o600,
  });
  // sshd's privilege separation directory; Debian creates it only when its own service starts
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  return { service: 'sshd', proto: 'tcp', port: SSH_PORT, cmd: '/usr/sbin/sshd', args: ['-D', '-e', '-f', config] };
}

async function specsFor(dir: string, h: SandboxHost): Promise<ServiceSpec[]> {
  if (h.role === 'web') {
    const www = join(dir, 'www');
    mkdirSync(www, { recursive: true });
    writeFileSync(
      join(www, 'index.html'),
      `<html><body><h1>${h.name}</h1><p>ziem sandbox web host</p></body></html>\n`,
    );
    return [
      {
        service: 'http',
        proto: 'tcp',
        port: HTTP_PORT,
        cmd: 'python3',
        args: ['-m', 'http.server', String(HTTP_PORT), '--bind', h.ip, '--directory', www],
      },
    ];
  }
  if (h.role === 'db') {
    return [
      await prepareSsh(dir, h),
      {
        service: 'dns',
        proto: 'udp',
        port: DNS_PORT,
        cmd: 'python3',
        args: ['-c', UDP_RESPONDER, h.ip, String(DNS_PORT)],
      },
      {
        service: 'ftp',
        proto: 'tcp',
        port: FTP_PORT,
        cmd: 'python3',
        args: ['-c', FTP_SERVER, h.ip, String(FTP_PORT)],
      },
    ];
  }
  return [];
}

function startDetached(dir: string, h: SandboxHost, s: ServiceSpec): RecordedProcess {
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true, mode: 0o700 });
  const fd = openSync(join(logs, `${h.name}-${s.service}.log`), 'a', 0o600);
  // `ip netns exec` execs the command in place, so the pid we get is the service's own
  const child = spawn('ip', ['netns', 'exec', h.ns, s.cmd, ...s.args], { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new SandboxError('SERVICE_START', `could not start ${s.service} on ${h.name}`);
  child.unref();
  return { pid: child.pid, host: h.name, service: s.service, exe: s.cmd };
}

async function listening(h: SandboxHost, s: ServiceSpec): Promise<boolean> {
  const r = await runInNs(h.ns, 'ss', [s.proto === 'tcp' ? '-ltnH' : '-lunH', `sport = :${s.port}`]);
  return r.stdout.trim().length > 0;
}

async function waitListening(dir: string, h: SandboxHost, s: ServiceSpec, pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await listening(h, s)) return;
    if (!existsSync(`/proc/${pid}`)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new SandboxError(
    'SERVICE_START',
    `${s.service} on ${h.name} (${h.ip}:${s.port}/${s.proto}) did not start listening`,
    {
      hint: `see ${join(dir, 'logs', `${h.name}-${s.service}.log`)}`,
    },
  );
}

/** Starts a host's services; `record` is called with each pid before waiting, so `down` can stop it. */
export async function startServices(dir: string, h: SandboxHost, record: (p: RecordedProcess) => void): Promise<void> {
  for (const s of await specsFor(dir, h)) {
    const p = startDetached(dir, h, s);
    record(p);
    await waitListening(dir, h, s, p.pid);
  }
}
