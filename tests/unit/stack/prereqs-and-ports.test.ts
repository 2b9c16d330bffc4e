// Pure parsing used by the stack's pre-start checks: java's version banner and /proc/net/tcp rows.
import { describe, expect, it } from 'vitest';
import { parseJavaMajor } from '../../../cli/stack/prereqs.js';
import { listeningInodes } from '../../../cli/stack/ports.js';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_402"\nJava(TM) SE Runtime Environment', 8],
    ['openjdk version "21-ea" 2023-09-19', 21],
  ])('reads %j as %i', (banner, major) => {
    expect(parseJavaMajor(banner)).toBe(major);
  });

  it('returns undefined for output that is not a java banner', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});

describe('listeningInodes', () => {
  // recorded from /proc/net/tcp: a listener on 127.0.0.1:9092 (0x2384), one connection from it, and a listener on 8083
  const TCP = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:2384 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1',
    '   2: 0100007F:1F93 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0',
  ].join('\n');

  it('finds only listening sockets on the port', () => {
    expect(listeningInodes(TCP, 9092)).toEqual(['4242']);
    expect(listeningInodes(TCP, 8083)).toEqual(['4444']);
  });

  it('finds nothing for a port nobody listens on', () => {
    expect(listeningInodes(TCP, 50000)).toEqual([]);
  });
});
