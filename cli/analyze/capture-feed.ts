// Reads one capture with tshark and the capture agent's own field list (the EK contract of
// cli/sandbox/capture-fields.ts) and hands each packet line, with its packet time, to the caller,
// as the capture agent's records reach the capture topic. The file is validated whole first.
// Lines are cut from tshark's output chunks here, synchronously, awaiting only a sink that asks to
// (readline's one promise per line cost about as much as the rest of the reading).
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { tsharkEkArgs } from '../sandbox/capture-fields.js';
import { checkCapture, CaptureFileError, type CaptureInfo } from '../sandbox/capture-check.js';
import { parseEkLine } from '../sandbox/ek-lines.js';

/** Called per packet; a promise pauses reading until it settles (back-pressure). */
export type PacketSink = (line: string, timestampMs: number) => void | Promise<void>;

/** A validated capture whose tshark is already starting: its packets come once `feed` reads them. */
export interface OpenCapture {
  readonly info: CaptureInfo;
  /** Reads every packet into the sink; settles when tshark has exited (an error if it failed). */
  feed(sink: PacketSink): Promise<CaptureInfo>;
  /** Stops tshark when the packets will not be read after all (the caller failed before feeding). */
  close(): void;
}

/** Validates the file, then starts tshark on it, so that its start-up (loading its dissectors)
 *  overlaps whatever the caller prepares before feeding (analyze: loading the pipeline). */
export async function openCapture(file: string): Promise<OpenCapture> {
  const info = await checkCapture(file);
  const tshark = spawn('tshark', tsharkEkArgs(file), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tshark.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    tshark.on('error', (e) => reject(new CaptureFileError(`cannot run tshark: ${e.message}`, 'install tshark')));
    tshark.on('close', (c) => resolve(c ?? 1));
  });
  // a failure to start is reported by feed (awaiting `exited`), not as an unhandled rejection
  exited.catch(() => undefined);
  return {
    info,
    feed: (sink) => readPackets(file, info, tshark, exited, () => stderr, sink),
    close: () => void tshark.kill(),
  };
}

async function readPackets(
  file: string,
  info: CaptureInfo,
  tshark: ChildProcessByStdio<null, Readable, Readable>,
  exited: Promise<number>,
  stderrText: () => string,
  sink: PacketSink,
): Promise<CaptureInfo> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of tshark.stdout as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const pkt = parseEkLine(text.slice(from, nl));
      from = nl + 1;
      if (!pkt) continue;
      const p = sink(pkt.line, pkt.timestampMs);
      if (p !== undefined) await p;
    }
    rest = text.slice(from);
  }
  const pkt = parseEkLine(rest + decoder.end());
  if (pkt) {
    const p = sink(pkt.line, pkt.timestampMs);
    if (p !== undefined) await p;
  }
  const code = await exited;
  if (code !== 0) {
    const why = stderrText()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('could be dangerous'))
      .slice(-2)
      .join(' | ');
    throw new CaptureFileError(`${file}: tshark could not read it (exit ${code})${why ? `: ${why}` : ''}`);
  }
  return info;
}
