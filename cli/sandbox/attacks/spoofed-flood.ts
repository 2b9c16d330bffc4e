// The hping3 floods other than the single-source SYN flood, each a shape of synflood.ts's
// hpingFlood: the spoofed SYN flood (--rand-source: every SYN carries a random source address),
// spoofed UDP and ACK floods of the same shape, and a ping flood from the attacker itself. The
// victim's answers to spoofed sources go to addresses the sandbox has no route to, so nothing
// leaves it.
import { hpingFlood } from './synflood.js';

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
