// The port scan: an nmap SYN scan of the top 1,000 TCP ports of the target, from the source host's
// namespace. Bounded by --duration through nmap's own host timeout.
import type { Scenario } from './scenario.js';

export const portscan: Scenario = {
  name: 'portscan',
  description: 'nmap SYN scan of the top 1,000 ports',
  defaultTargetRole: 'web',
  tools: [['nmap', 'nmap']],
  async run(env) {
    const args = [
      '-sS',
      '-n',
      '-Pn',
      '--top-ports',
      '1000',
      '-T4',
      '-e',
      'eth0',
      '--host-timeout',
      `${Math.ceil(env.durationMs / 1000)}s`,
      '-oG',
      '-',
      env.dst.ip,
    ];
    const r = await env.runner.run(env.src, 'nmap', args, { timeoutMs: env.durationMs + 30_000 });
    const open =
      /Ports: (.*)/
        .exec(r.stdout)?.[1]
        ?.split(',')
        .map((p) => p.trim())
        .filter((p) => p.includes('/open/'))
        .map((p) => p.split('/')[0] ?? '') ?? [];
    return { tool: 'nmap', ports: 1000, technique: 'syn', openPorts: open };
  },
};
