// analyze's capture reading with real tshark: the capture is validated and tshark started before
// the pipeline loads (its start-up overlaps the loading), every packet is read by feed, and a
// caller that fails before feeding stops tshark instead of leaving it blocked on a full pipe.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../cli/analyze/capture-feed.js';

const capture = resolve('tests/fixtures/captures/syn-scan.pcap.gz');

describe('openCapture', () => {
  it('feeds every packet of a capture opened before the sink existed', async () => {
    const source = await openCapture(capture);
    await new Promise((r) => setTimeout(r, 300));
    let packets = 0;
    let last = 0;
    const info = await source.feed((line, ts) => {
      packets++;
      expect(line.startsWith('{"timestamp":"')).toBe(true);
      last = Math.max(last, ts);
    });
    expect(info.format).toBe('pcap');
    expect(packets).toBeGreaterThan(100);
    expect(last).toBeGreaterThan(1_700_000_000_000);
  });

  it('stops tshark when closed without feeding, and a feed after that says tshark did not finish', async () => {
    const source = await openCapture(capture);
    source.close();
    await expect(source.feed(() => undefined)).rejects.toThrow(/tshark could not read it/);
  });

  it('refuses a file that is no capture before starting tshark', async () => {
    await expect(openCapture(resolve('package.json'))).rejects.toThrow();
  });
});
