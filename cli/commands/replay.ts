// `ziem replay <file>`: wiring only; the work is in cli/sandbox/replay.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runReplay } from '../sandbox/replay.js';
import { UsageError } from '../../core/errors/ziem-error.js';

export function registerReplay(program: Command, getContext: ContextFactory): Command {
  return program
    .command('replay')
    .description(
      'validate a pcap/pcapng file whole, then write its packets to the capture topic, times shifted to start now; reports what the pipeline dropped',
    )
    .argument('<file>', 'a .pcap or .pcapng file')
    .option('--speed <x>', 'replay speed relative to the original timing (default 1)')
    .option('--max', 'send as fast as Kafka accepts, ignoring the original timing')
    .option('--topic <topic>', 'topic to write to (default: capture.topic)')
    .option('--keep-time', 'keep the original packet times (default: shift them so the capture starts now)')
    .option('--settle <ms>', 'wait this long after the last record before reading the processing log', '5000')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ziem replay tests/fixtures/sandbox/portscan.pcap --max\n  $ ziem replay day1.pcapng --speed 10',
    )
    .action(
      (file: string, o: { speed?: string; max?: boolean; topic?: string; keepTime?: boolean; settle: string }) => {
        const { settle, ...rest } = o;
        if (!/^\d+$/.test(settle)) throw new UsageError(`--settle ${settle}: expected a number of milliseconds`);
        return runReplay(getContext(), { file, ...rest, settleMs: Number(settle) });
      },
    );
}
