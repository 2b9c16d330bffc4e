// Issue 16 #5: a capture is checked whole before replay sends anything: the walker counts the
// packets of a good capture (plain and gzip) and names the packet and byte offset where a cut
// short or corrupt one breaks; checkCapture refuses such a file and a 0-byte one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { walkCapture } from '../../../cli/sandbox/capture-structure.js';
import { checkCapture } from '../../../cli/sandbox/capture-check.js';

const gz = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'captures', 'fin-scan.pcap.gz'));
const pcap = gunzipSync(gz);

const little = pcap.readUInt32LE(0) === 0xa1b2c3d4;
const u32 = (b: Buffer, at: number): number => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));

/** Byte offset of packet i (0-based) of the fixture's pcap. */
function packetOffset(b: Buffer, i: number): number {
  let off = 24;
  for (let k = 0; k < i; k++) off += 16 + u32(b, off + 8);
  return off;
}

describe('capture structure', () => {
  it('counts every packet of a whole capture, plain or gzip-compressed', () => {
    const plain = walkCapture(pcap);
    expect(plain).toEqual(walkCapture(gz));
    expect('packets' in plain && plain.packets).toBeGreaterThan(100);
  });

  it('names the packet and offset where a capture is cut short', () => {
    const at = packetOffset(pcap, 14);
    expect(walkCapture(pcap.subarray(0, at + 20))).toEqual({
      problem: `packet 15 at byte offset ${at}: cut short in the packet data (4 of ${u32(pcap, at + 8)} bytes)`,
    });
    expect(walkCapture(pcap.subarray(0, at + 10))).toEqual({
      problem: `packet 15 at byte offset ${at}: cut short in the record header (10 of 16 bytes)`,
    });
    expect(walkCapture(gz.subarray(0, gz.length - 40))).toMatchObject({ problem: expect.stringMatching(/gzip/) });
  });

  it('names a corrupt record length', () => {
    const bad = Buffer.from(pcap);
    const at = packetOffset(bad, 2);
    if (little) bad.writeUInt32LE(0x7fffffff, at + 8);
    else bad.writeUInt32BE(0x7fffffff, at + 8);
    expect(walkCapture(bad)).toEqual({
      problem: `packet 3 at byte offset ${at}: corrupt record header (captured length 2147483647 bytes, above 262144)`,
    });
  });

  it('checkCapture refuses a 0-byte and a cut-short file before anything is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ziem-cap-'));
    writeFileSync(join(dir, 'empty.pcap'), '');
    await expect(checkCapture(join(dir, 'empty.pcap'))).rejects.toThrow('the file is empty (0 bytes)');
    writeFileSync(join(dir, 'cut.pcap.gz'), gzipSync(pcap.subarray(0, packetOffset(pcap, 14) + 20)));
    await expect(checkCapture(join(dir, 'cut.pcap.gz'))).rejects.toThrow(
      /cut\.pcap\.gz: packet 15 at byte offset \d+: cut short in the packet data .*; nothing was sent or read/,
    );
  });
});
