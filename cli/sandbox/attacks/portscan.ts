// The port scan: an nmap SYN scan of the target's top TCP ports (1,000 by default, --ports), from
// the source host's namespace, at nmap's own pace or at most --rate probes per second. Bounded by
// --duration through nmap's own host timeout.
import { nmapArgs, type Technique } from './nmap-scans.js';
import { intOption, rateOption, type Scenario } from './scenario.js';

const SYN_SCAN: Technique = { name: 'portscan', description: 'nmap SYN scan', flags: ['-sS'], ports: 1000 };

export const portscan: Scenario = {
  name: 'portscan',
  description: 'nmap SYN scan of the top 1,000 ports',
  defaultTargetRole: 'web',
  tools: [['nmap', 'nmap']],
  async run(env, o) {
    const ports = intOption(o['ports'], '--ports', 1000, 1, 65535);
    const rate = rateOption(o['rate']);
    const args = nmapArgs(SYN_SCAN, env.dst.ip, env.durationMs, ports, rate);
    const r = await env.runner.run(env.src, 'nmap', args, { timeoutMs: env.durationMs + 30_000 });
    const open =
      /Ports: (.*)/
        .exec(r.stdout)?.[1]
        ?.split(',')
        .map((p) => p.trim())
        .filter((p) => p.includes('/open/'))
        .map((p) => p.split('/')[0] ?? '') ?? [];
    return { tool: 'nmap', ports, technique: 'syn', ...(rate !== undefined ? { rate } : {}), openPorts: open };
  },
};
