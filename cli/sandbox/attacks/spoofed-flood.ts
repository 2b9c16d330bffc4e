// The hping3 floods other than the single-source SYN flood (synflood.ts), bounded in rate and count
// like it: the spoofed SYN flood (--rand-source: every SYN carries a random source address), spoofed
// UDP and ACK floods of the same shape, and a ping flood from the attacker itself. The victim's
// answers to spoofed sources go to addresses the sandbox has no route to, so nothing leaves it.
import { intOption, type Scenario } from './scenario.js';
import { hpingArgs, MAX_FLOOD_COUNT, MAX_FLOOD_RATE, parseHpingSent, splitFlood } from './synflood.js';

interface FloodShape {
  name: string;
  description: string;
  /** hping3's packet mode (-S, --udp, -A, --icmp) and --rand-source when spoofed */
  mode: readonly string[];
  spoofed: boolean;
  /** the target port by default, or undefined for ICMP (no port) */
  port: number | undefined;
  rate: number;
}

function hpingFlood(f: FloodShape): Scenario {
  return {
    name: f.name,
    description: f.description,
    defaultTargetRole: 'web',
    tools: [['hping3', 'hping3']],
    async run(env, o) {
      const rate = intOption(o['rate'], '--rate', f.rate, 1, MAX_FLOOD_RATE);
      const port = f.port === undefined ? undefined : intOption(o['port'], '--port', f.port, 1, 65535);
      const count = intOption(
        o['count'],
        '--count',
        Math.max(1, Math.round((rate * env.durationMs) / 1000)),
        1,
        MAX_FLOOD_COUNT,
      );
      const mode = f.spoofed ? ['--rand-source', ...f.mode] : f.mode;
      const runs = await Promise.all(
        splitFlood(rate, count).map((w) =>
          env.runner
            .run(env.src, 'hping3', hpingArgs(env.dst.ip, port, w.rate, w.count, mode), {
              // hping3 exits 1 when no reply came back, which a flood of spoofed sources always does
              okCodes: [0, 1],
              timeoutMs: Math.ceil((w.count / w.rate) * 1000) * 5 + 30_000,
            })
            .then((r) => parseHpingSent(r.stdout + r.stderr) ?? w.count),
        ),
      );
      const sent = runs.reduce((a, b) => a + b, 0);
      return { tool: 'hping3', spoofed: f.spoofed, ...(port === undefined ? {} : { port }), rate, count, sent };
    },
  };
}

export const spoofedFlood = hpingFlood({
  name: 'spoofed-synflood',
  description: 'hping3 SYN flood from random spoofed source addresses (--rand-source), bounded in rate and count',
  mode: ['-S'],
  spoofed: true,
  port: 80,
  rate: 2_000,
});

export const udpFlood = hpingFlood({
  name: 'udp-flood',
  description: 'hping3 UDP flood from random spoofed source addresses (--rand-source), bounded in rate and count',
  mode: ['--udp'],
  spoofed: true,
  port: 9,
  rate: 2_000,
});

export const ackFlood = hpingFlood({
  name: 'ack-flood',
  description: 'hping3 TCP ACK flood from random spoofed source addresses (--rand-source), bounded in rate and count',
  mode: ['-A'],
  spoofed: true,
  port: 80,
  rate: 2_000,
});

export const icmpFlood = hpingFlood({
  name: 'icmp-flood',
  description: 'hping3 ICMP echo-request flood (a ping flood) from the attacker, bounded in rate and count',
  mode: ['--icmp'],
  spoofed: false,
  port: undefined,
  rate: 1_000,
});

/** The floods whose sources are spoofed: their alerts name the victim and a count of sources. */
export const SPOOFED_FLOODS: readonly string[] = [spoofedFlood, udpFlood, ackFlood].map((s) => s.name);
