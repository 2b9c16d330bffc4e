import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import {
  CAPTURE_FIELDS,
  captureFilter,
  dumpcapArgs,
  kcatProducerArgs,
  platformPorts,
  tsharkEkArgs,
} from '../../../cli/sandbox/capture-fields.js';
import { DeliveryCounter, EkLineFilter, parseEkLine } from '../../../cli/sandbox/ek-lines.js';
import { parseDumpcapDrops } from '../../../cli/sandbox/capture-pipeline.js';

const config = loadConfig({
  env: { ZIEM_KAFKA_BOOTSTRAP: '10.0.0.9:19092,10.0.0.10:19093', ZIEM_SANDBOX_PREFIX: 'zt-' },
  cwd: '/nonexistent',
  flags: { 'ui.port': 18080 },
});

describe('capture filter', () => {
  it('excludes every platform port from config', () => {
    expect(platformPorts(config)).toEqual([7474, 7687, 8083, 8088, 8501, 9092, 9093, 18080, 19092, 19093]);
    expect(captureFilter([9092, 7687])).toBe('not (tcp port 9092 or tcp port 7687)');
    expect(captureFilter([])).toBe('');
  });

  it('captures on the sandbox bridge derived from the prefix', () => {
    expect(config.capture.interface).toBe('zt-br');
    expect(dumpcapArgs({ iface: 'zt-br', filter: 'not (tcp port 1)', snaplen: 256, bufferMb: 64 }, '/tmp/f')).toEqual([
      '-i',
      'zt-br',
      '-s',
      '256',
      '-B',
      '64',
      '-P',
      '-q',
      '-w',
      '/tmp/f',
      '-f',
      'not (tcp port 1)',
    ]);
  });

  it('asks tshark for exactly the contract fields in EK mode', () => {
    const args = tsharkEkArgs('-');
    expect(args.slice(0, 6)).toEqual(['-r', '-', '-l', '-n', '-T', 'ek']);
    expect(args.filter((_, i) => args[i - 1] === '-e')).toEqual([...CAPTURE_FIELDS]);
    expect(CAPTURE_FIELDS).toContain('tcp.flags.syn');
    expect(kcatProducerArgs({ bootstrap: 'b:1', topic: 'network-traffic', lingerMs: 20 }).slice(0, 5)).toEqual([
      '-P',
      '-b',
      'b:1',
      '-t',
      'network-traffic',
    ]);
  });
});

describe('EK lines', () => {
  const index = '{"index":{"_index":"packets-2026-11-26","_type":"doc"}}';
  const pkt = '{"timestamp":"1795663288408","layers":{"ip_src":["10.78.0.4"],"tcp_flags_syn":["1"]}}';

  it('drops index lines and keeps packets, across chunk boundaries', async () => {
    const f = new EkLineFilter();
    const out: string[] = [];
    f.on('data', (d: Buffer) => out.push(d.toString()));
    const text = `${index}\n${pkt}\n${index}\n${pkt}\n`;
    f.write(Buffer.from(text.slice(0, 70)));
    f.write(Buffer.from(text.slice(70)));
    f.end();
    await new Promise((r) => f.on('end', r));
    expect(out.join('')).toBe(`${pkt}\n${pkt}\n`);
    expect(f.packets).toBe(2);
  });

  it('parses the packet time for replay', () => {
    expect(parseEkLine(pkt)).toEqual({ timestampMs: 1795663288408, line: pkt });
    expect(parseEkLine(index)).toBeUndefined();
    expect(parseEkLine('tshark: warning')).toBeUndefined();
  });

  it('counts kcat deliveries and failures', () => {
    const c = new DeliveryCounter();
    c.feed('% Message delivered to partition 0 (offset 0) on broker 1\n% Message deliv');
    c.feed(
      'ered to partition 0 (offset 1) on broker 1\n%% Delivery failed for message: Broker: Message size too large\n',
    );
    expect([c.delivered, c.failed]).toEqual([2, 1]);
    expect(c.lastError).toMatch(/too large/);
  });

  it('reads kernel drops from dumpcap', () => {
    expect(
      parseDumpcapDrops("Packets captured: 4\nPackets received/dropped on interface 'zt-br': 104/7 (pcap:0/dumpcap:0)"),
    ).toBe(7);
    expect(parseDumpcapDrops('')).toBe(0);
  });
});
