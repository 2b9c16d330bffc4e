// The pure parts of `ziem analyze` and `ziem replay`: the labels file, the expectation check, the
// capture format check (plain and gzip), EK field lookup and counting, the time shift of a
// replayed line, and the processing-log classification of what the pipeline dropped.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseLabels, labelsFor } from '../../../cli/analyze/labels-file.js';
import { checkExpectations } from '../../../cli/analyze/expect-check.js';
import { ekField, TrafficSummary } from '../../../cli/analyze/traffic-summary.js';
import { captureFormat, capinfosProblem } from '../../../cli/sandbox/capture-check.js';
import { shiftLine } from '../../../cli/sandbox/replay-shift.js';
import { countDrops } from '../../../cli/sandbox/replay-drops.js';
import type { Alert } from '../../../cli/alerts/alert-record.js';

const alert = (kind: string, src: string, dst: string | null): Alert => ({
  kind,
  src,
  dst,
  windowStart: 0,
  windowEnd: 10_000,
  score: 1,
  reason: null,
  attackClass: null,
  classProbability: null,
});

describe('labels file', () => {
  it('reads kinds, attackers, victims and none, relative to the file', () => {
    const l = parseLabels(
      '# c\nscan.pcap PORT_SCAN 10.0.0.1 10.0.0.2\n\nflood.pcap syn_flood * 10.0.0.2\nweb.pcap none\n',
      '/x/labels.txt',
    );
    expect(l.map((x) => [x.capture, x.kind, x.attacker, x.victim, x.where])).toEqual([
      ['/x/scan.pcap', 'PORT_SCAN', '10.0.0.1', '10.0.0.2', '/x/labels.txt:2'],
      ['/x/flood.pcap', 'SYN_FLOOD', undefined, '10.0.0.2', '/x/labels.txt:4'],
      ['/x/web.pcap', 'none', undefined, undefined, '/x/labels.txt:5'],
    ]);
    expect(labelsFor(l, '/elsewhere/scan.pcap')).toHaveLength(1);
  });

  it('refuses an unknown kind, a missing kind and extra columns, naming file:line', () => {
    expect(() => parseLabels('a.pcap PORTSCAN\n', 'l.txt')).toThrow('l.txt:1: unknown alert kind "PORTSCAN"');
    expect(() => parseLabels('\na.pcap\n', 'l.txt')).toThrow('l.txt:2: expected');
    expect(() => parseLabels('a.pcap PORT_SCAN a b c\n', 'l.txt')).toThrow('l.txt:1: too many columns');
    expect(() => parseLabels('a.pcap none 10.0.0.1\n', 'l.txt')).toThrow('"none" takes no attacker');
  });
});

describe('expectation check', () => {
  const labels = parseLabels('a.pcap PORT_SCAN 10.0.0.1 10.0.0.2\n', '/l.txt');
  it('passes when every label is matched and nothing else fired', () => {
    expect(checkExpectations('a.pcap', labels, [alert('PORT_SCAN', '10.0.0.1', '10.0.0.2')])).toEqual([]);
  });
  it('names a miss (wrong attacker) and an unexpected alert', () => {
    const p = checkExpectations('a.pcap', labels, [alert('PORT_SCAN', '10.0.0.9', '10.0.0.2')]);
    expect(p.map((x) => x.problem)).toEqual(['missed', 'unexpected']);
    expect(p[0]!.text).toBe('missed PORT_SCAN 10.0.0.1 → 10.0.0.2 (/l.txt:1)');
  });
  it('a "none" capture must raise nothing', () => {
    const none = parseLabels('b.pcap none\n', '/l.txt');
    expect(checkExpectations('b.pcap', none, [])).toEqual([]);
    expect(checkExpectations('b.pcap', none, [alert('ANOMALY', '10.0.0.3', null)])[0]!.text).toBe(
      'unexpected ANOMALY 10.0.0.3 → *',
    );
  });
});

describe('capture format', () => {
  const pcap = Buffer.from('d4c3b2a102000400', 'hex');
  const pcapng = Buffer.from('0a0d0d0a1c000000', 'hex');
  it('knows pcap and pcapng by magic number, also gzip-compressed', () => {
    expect(captureFormat(pcap)).toBe('pcap');
    expect(captureFormat(pcapng)).toBe('pcapng');
    expect(captureFormat(gzipSync(Buffer.concat([pcapng, Buffer.alloc(64)])))).toBe('pcapng');
    expect(captureFormat(Buffer.from('hello\n'))).toBeUndefined();
    expect(captureFormat(gzipSync(Buffer.from('hello world')))).toBeUndefined();
    expect(captureFormat(Buffer.alloc(0))).toBeUndefined();
  });
  it("keeps capinfos' complaint without its aside", () => {
    expect(
      capinfosProblem(
        'capinfos: The file "x" appears to have been cut short in the middle of a packet.\n  (will continue anyway, checksums might be incorrect)\n',
      ),
    ).toBe('The file "x" appears to have been cut short in the middle of a packet.');
  });
});

describe('EK lines', () => {
  const line =
    '{"timestamp":"1000","layers":{"ip_src":["10.0.0.1"],"ip_dst":["10.0.0.2"],"ip_proto":["6"],"tcp_srcport":["40000"],"tcp_dstport":["22"]}}';
  it('finds a field without decoding the line', () => {
    expect(ekField(line, 'ip_dst')).toBe('10.0.0.2');
    expect(ekField(line, 'udp_dstport')).toBe('');
  });
  it('counts packets, IP packets, hosts and flows', () => {
    const s = new TrafficSummary();
    s.add(line, 1000);
    s.add(line, 900);
    s.add('{"timestamp":"1200","layers":{"frame_len":["42"]}}', 1200);
    expect(s.counts()).toEqual({
      packets: 3,
      ipPackets: 2,
      hosts: 2,
      flows: 1,
      firstPacketMs: 900,
      lastPacketMs: 1200,
    });
  });
  it('counts the same flows whatever the order of the fields in a line', () => {
    const tcpFirst = new TrafficSummary();
    tcpFirst.add(line, 1000);
    // ports before addresses, UDP fields before the protocol: each is still found
    const reordered = new TrafficSummary();
    reordered.add(
      '{"timestamp":"1000","layers":{"tcp_dstport":["22"],"tcp_srcport":["40000"],"ip_proto":["6"],"ip_dst":["10.0.0.2"],"ip_src":["10.0.0.1"]}}',
      1000,
    );
    reordered.add(
      '{"timestamp":"1001","layers":{"udp_dstport":["53"],"ip_src":["10.0.0.1"],"udp_srcport":["5000"],"ip_dst":["10.0.0.3"],"ip_proto":["17"]}}',
      1001,
    );
    reordered.add(line, 1002);
    expect(tcpFirst.counts().flows).toBe(1);
    expect(reordered.counts()).toMatchObject({ packets: 3, ipPackets: 3, hosts: 3, flows: 2 });
  });
  it('shifts the packet time of a replayed line', () => {
    expect(shiftLine(line, 5_000)).toBe(line.replace('"1000"', '"5000"'));
    expect(shiftLine('{"index":{}}', 5)).toBe('{"index":{}}');
  });
});

describe('what the pipeline dropped', () => {
  const entry = (logger: string, msg: string): Buffer =>
    Buffer.from(
      JSON.stringify({
        LOGGER: `processing.${logger}`,
        LEVEL: 'ERROR',
        TIME: 1,
        MESSAGE: { TYPE: 1, DESERIALIZATIONERROR: null, RECORDPROCESSINGERROR: { ERRORMESSAGE: msg, RECORD: null } },
      }),
    );
  it('counts late and bad entries per query', () => {
    const c = countDrops('t', [
      entry('CTAS_FLOWS_1', 'record at 1 is too late for window [0, 10000) (stream time 99999, grace 30000ms)'),
      entry('CTAS_FLOWS_1', 'record at 2 is too late for window [0, 10000)'),
      entry('CSAS_PACKETS_0', 'Error computing expression CAST'),
      Buffer.from('not json'),
    ]);
    expect([c.late, c.bad, c.byQuery]).toEqual([2, 1, { CTAS_FLOWS_1: 2, CSAS_PACKETS_0: 1 }]);
    expect(c.example).toContain('too late');
  });
});
