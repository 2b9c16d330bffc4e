// Walks a pcap or pcapng capture record by record (pure, on the file's bytes, gunzipped when
// compressed) and names the first place it is cut short or corrupt: the packet number and byte
// offset, so that `ziem replay` and `ziem analyze` refuse the whole file before sending or
// reading any of it. A record's captured length above 262,144 bytes (Wireshark's maximum) or a
// pcapng block whose lengths disagree is corrupt.
import { gunzipSync } from 'node:zlib';

export interface CaptureStructure {
  packets: number;
}

export type StructureProblem = { problem: string };

const MAX_PACKET = 262_144;

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** The packets of a capture, or where its structure breaks. Pure. */
export function walkCapture(raw: Buffer): CaptureStructure | StructureProblem {
  let b = raw;
  if (isGzip(raw)) {
    try {
      b = gunzipSync(raw);
    } catch (err) {
      return { problem: `the gzip stream is cut short or corrupt (${(err as Error).message})` };
    }
  }
  if (b.length < 4) return { problem: `only ${b.length} bytes, no capture header` };
  const magic = b.subarray(0, 4).toString('hex');
  if (magic === '0a0d0d0a') return walkPcapng(b);
  return walkPcap(b);
}

function walkPcap(b: Buffer): CaptureStructure | StructureProblem {
  if (b.length < 24) return { problem: `the pcap file header is cut short (${b.length} of 24 bytes)` };
  const little = ['d4c3b2a1', '4d3cb2a1'].includes(b.subarray(0, 4).toString('hex'));
  const u32 = (at: number): number => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  let off = 24;
  let n = 0;
  while (off < b.length) {
    const at = `packet ${n + 1} at byte offset ${off}`;
    if (b.length - off < 16)
      return { problem: `${at}: cut short in the record header (${b.length - off} of 16 bytes)` };
    const incl = u32(off + 8);
    if (incl > MAX_PACKET)
      return { problem: `${at}: corrupt record header (captured length ${incl} bytes, above ${MAX_PACKET})` };
    if (b.length - off - 16 < incl)
      return { problem: `${at}: cut short in the packet data (${b.length - off - 16} of ${incl} bytes)` };
    off += 16 + incl;
    n++;
  }
  return { packets: n };
}

const PACKET_BLOCKS = new Set([2, 3, 6]);

function walkPcapng(b: Buffer): CaptureStructure | StructureProblem {
  let little = true;
  let off = 0;
  let n = 0;
  while (off < b.length) {
    const at = `block at byte offset ${off} (after ${n} packets)`;
    if (b.length - off < 12) return { problem: `${at}: cut short in the block header (${b.length - off} bytes left)` };
    if (b.subarray(off, off + 4).toString('hex') === '0a0d0d0a') {
      const bom = b.subarray(off + 8, off + 12).toString('hex');
      if (bom !== '4d3c2b1a' && bom !== '1a2b3c4d')
        return { problem: `${at}: corrupt section header (byte-order magic ${bom})` };
      little = bom === '4d3c2b1a';
    }
    const u32 = (x: number): number => (little ? b.readUInt32LE(x) : b.readUInt32BE(x));
    const type = u32(off);
    const len = u32(off + 4);
    if (len < 12 || len % 4 !== 0) return { problem: `${at}: corrupt block length ${len}` };
    if (b.length - off < len) return { problem: `${at}: cut short (${b.length - off} of ${len} bytes)` };
    if (u32(off + len - 4) !== len)
      return { problem: `${at}: corrupt block (its trailing length ${u32(off + len - 4)} differs from ${len})` };
    if (PACKET_BLOCKS.has(type)) n++;
    off += len;
  }
  return { packets: n };
}
