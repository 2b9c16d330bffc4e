// hping3 floods, bounded in rate and count (hpingFlood: one per packet shape; the SYN flood here,
// the others in spoofed-flood.ts): hping3 sends to one port of the target and stops by itself after
// --count packets (default: rate × duration). One hping3 paces itself with
// usleep and tops out near 5,000 packets/s, so higher rates are split over parallel senders.
// hping3 also counts the replies to its siblings' SYNs toward -c, so a parallel sender may stop
// before its share: the bounds hold, and `sent` in the ground truth is what actually went out.
import { intOption, type Scenario } from './scenario.js';

export const MAX_FLOOD_RATE = 200_000;
export const MAX_FLOOD_COUNT = 5_000_000;

/** hping3's summary line: "--- x hping statistic ---\n5000 packets transmitted, ...". */
export function parseHpingSent(out: string): number | undefined {
  const m = /(\d+) packets transmitted/.exec(out);
  return m ? Number(m[1]) : undefined;
}

/** hping3's arguments for `count` packets at `rate` to `port` of `dstIp`; `mode` picks the packet (SYNs by default). */
export function hpingArgs(
  dstIp: string,
  port: number | undefined,
  rate: number,
  count: number,
  mode: readonly string[] = ['-S'],
): string[] {
  // -i uN waits N microseconds between packets: the rate bound
  return [
    ...mode,
    '-q',
    '-n',
    ...(port === undefined ? [] : ['-p', String(port)]),
    '-c',
    String(count),
    '-i',
    `u${Math.max(1, Math.floor(1_000_000 / rate))}`,
    dstIp,
  ];
}

/** Packets per second one hping3 is asked for at most. */
export const PER_SENDER_PPS = 4_000;

/** Splits a rate and count over senders: no sender above PER_SENDER_PPS, the totals unchanged. */
export function splitFlood(rate: number, count: number): Array<{ rate: number; count: number }> {
  const n = Math.min(Math.ceil(rate / PER_SENDER_PPS), count);
  return Array.from({ length: n }, (_, i) => ({
    rate: Math.floor(rate / n) + (i < rate % n ? 1 : 0),
    count: Math.floor(count / n) + (i < count % n ? 1 : 0),
  }));
}

export interface FloodShape {
  name: string;
  description: string;
  /** hping3's packet mode (-S, --udp, -A, --icmp); --rand-source is added when spoofed */
  mode: readonly string[];
  spoofed: boolean;
  /** the target port by default, or undefined for ICMP (no port) */
  port: number | undefined;
  rate: number;
}

/** A bounded hping3 flood of one shape: --rate, --count and --port options, split over senders. */
export function hpingFlood(f: FloodShape): Scenario {
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
      const started = env.now();
      const runs = await Promise.all(
        splitFlood(rate, count).map((w) =>
          env.runner
            .run(env.src, 'hping3', hpingArgs(env.dst.ip, port, w.rate, w.count, mode), {
              // hping3 exits 1 when no reply came back, which a flood of an unanswered port or of
              // spoofed sources can do
              okCodes: [0, 1],
              timeoutMs: Math.ceil((w.count / w.rate) * 1000) * 5 + 30_000,
            })
            .then((r) => parseHpingSent(r.stdout + r.stderr) ?? w.count),
        ),
      );
      const sent = runs.reduce((a, b) => a + b, 0);
      const seconds = Math.max(0.001, (env.now() - started) / 1000);
      return {
        tool: 'hping3',
        ...(f.spoofed ? { spoofed: true } : {}),
        ...(port === undefined ? {} : { port }),
        rate,
        count,
        sent,
        senders: runs.length,
        achievedPps: Math.round(sent / seconds),
      };
    },
  };
}

export const synflood = hpingFlood({
  name: 'synflood',
  description: 'hping3 SYN flood, bounded in rate and count',
  mode: ['-S'],
  spoofed: false,
  port: 80,
  rate: 1_000,
});
