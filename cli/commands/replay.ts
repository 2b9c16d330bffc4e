// `ziem replay <file>`: wiring only; the work is in cli/sandbox/replay.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runReplay } from '../sandbox/replay.js';

export function registerReplay(program: Command, getContext: ContextFactory): Command {
  return program
    .command('replay')
    .description(
      'write the packets of a pcap/pcapng file to the capture topic, each record stamped with its packet time',
    )
    .argument('<file>', 'a .pcap or .pcapng file')
    .option('--speed <x>', 'replay speed relative to the original timing (default 1)')
    .option('--max', 'send as fast as Kafka accepts, ignoring the original timing')
    .option('--topic <topic>', 'topic to write to (default: capture.topic)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ziem replay tests/fixtures/sandbox/portscan.pcap --max\n  $ ziem replay day1.pcapng --speed 10',
    )
    .action((file: string, o: { speed?: string; max?: boolean; topic?: string }) =>
      runReplay(getContext(), { file, ...o }),
    );
}
