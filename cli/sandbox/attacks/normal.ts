// Background traffic at human rates between the sandbox hosts: HTTP requests to web hosts, SSH
// sessions that log in (with the sandbox key) to db hosts, DNS-like UDP queries, and pings. One
// action about every 400 ms from the source, for --duration; SSH logins to one host at most one a
// minute, as a person opens them (a session a second is what a password guesser does, and what
// the SSH rule of ksql/V000014 counts).
import { spawn } from 'node:child_process';
import { clientKeyPath, DNS_PORT, HTTP_PORT } from '../services.js';
import type { SandboxHost } from '../layout.js';
import type { Scenario, ScenarioEnv } from './scenario.js';

type Action = 'http' | 'ssh' | 'dns' | 'ping';

/** The shortest time between two SSH logins to the same host. */
export const SSH_LOGIN_GAP_MS = 60_000;

// A DNS query for www.example.lan, type A: the responder on db answers it like a resolver.
const DNS_CLIENT = [
  'import socket, sys, os',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)',
  'q = os.urandom(2) + b"\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03www\\x07example\\x03lan\\x00\\x00\\x01\\x00\\x01"',
  's.sendto(q, (sys.argv[1], int(sys.argv[2]))); s.recvfrom(512)',
].join('\n');

function commandFor(env: ScenarioEnv, a: Action, dst: SandboxHost): string[] {
  switch (a) {
    case 'http':
      return ['curl', '-s', '-o', '/dev/null', '-m', '5', `http://${dst.ip}:${HTTP_PORT}/`];
    case 'ssh':
      return [
        'ssh',
        '-i',
        clientKeyPath(env.dir),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'LogLevel=ERROR',
        '-o',
        'ConnectTimeout=5',
        `root@${dst.ip}`,
        'session',
      ];
    case 'dns':
      return ['python3', '-c', DNS_CLIENT, dst.ip, String(DNS_PORT)];
    case 'ping':
      return ['ping', '-c', '2', '-i', '0.2', '-W', '2', dst.ip];
  }
}

function runOn(env: ScenarioEnv, argv: string[]): Promise<boolean> {
  const [cmd, ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(...env.runner.argv(env.src, cmd!, args), { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', () => resolve(false));
    child.on('close', (c) => (clearTimeout(timer), resolve(c === 0)));
  });
}

/** The actions possible from `src`, each with its target: only services that exist are used. */
export function actionsFor(
  hosts: readonly SandboxHost[],
  src: SandboxHost,
  only?: SandboxHost,
): Array<[Action, SandboxHost]> {
  const peers = hosts.filter((h) => h.name !== src.name && (!only || h.name === only.name));
  return peers.flatMap((h): Array<[Action, SandboxHost]> => [
    ...(h.role === 'web' ? [['http', h] as [Action, SandboxHost]] : []),
    ...(h.role === 'db' ? [['ssh', h] as [Action, SandboxHost], ['dns', h] as [Action, SandboxHost]] : []),
    ['ping', h],
  ]);
}

export const normal: Scenario = {
  name: 'normal',
  description: 'background traffic: HTTP, successful SSH logins, DNS-like UDP, pings',
  defaultTargetRole: '',
  tools: [
    ['curl', 'curl'],
    ['ssh', 'openssh-client'],
    ['ping', 'iputils-ping'],
  ],
  async run(env, o) {
    const actions = actionsFor(env.layout.hosts, env.src, o['to'] ? env.dst : undefined);
    const done: Record<Action, number> = { http: 0, ssh: 0, dns: 0, ping: 0 };
    let failed = 0;
    const end = env.now() + env.durationMs;
    const lastLogin = new Map<string, number>();
    for (let i = 0; env.now() < end && actions.length > 0; i++) {
      const [a, dst] = actions[i % actions.length]!;
      if (a === 'ssh') {
        if (env.now() - (lastLogin.get(dst.name) ?? -Infinity) < SSH_LOGIN_GAP_MS) continue;
        lastLogin.set(dst.name, env.now());
      }
      if (await runOn(env, commandFor(env, a, dst))) done[a]++;
      else failed++;
      await new Promise((r) => setTimeout(r, 400));
    }
    return {
      http: done.http,
      ssh: done.ssh,
      dns: done.dns,
      ping: done.ping,
      failed,
      targets: [...new Set(actions.map(([, h]) => h.name))],
    };
  },
};
