// `ziem capture start | stop | status | run`: wiring only; the work is in cli/sandbox/capture.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runAgentForeground, runStart, runStatus, runStop } from '../sandbox/capture.js';

export function registerCapture(program: Command, getContext: ContextFactory): Command {
  const cmd = program
    .command('capture')
    .description('the capture agent: tshark on the sandbox bridge → kcat → Kafka (needs root)');
  cmd
    .command('start')
    .description('start the agent in the background; it restarts tshark if it dies')
    .option('--interface <name>', 'interface to capture on (default: capture.interface, the sandbox bridge)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sudo ziem capture start\n  $ ZIEM_KAFKA_BOOTSTRAP=10.0.0.5:9092 sudo ziem capture start',
    )
    .action((o: { interface?: string }) => runStart(getContext(), { iface: o.interface }));
  cmd
    .command('run')
    .description('run the agent in the foreground until SIGTERM or Ctrl-C (what `start` launches)')
    .option('--interface <name>', 'interface to capture on (default: capture.interface)')
    .addHelpText('after', '\nExamples:\n  $ sudo ziem capture run --interface zm-br')
    .action((o: { interface?: string }) => runAgentForeground(getContext(), { iface: o.interface }));
  cmd
    .command('stop')
    .description('stop the agent after it has delivered what it captured; prints the final totals')
    .addHelpText('after', '\nExamples:\n  $ sudo ziem capture stop')
    .action(() => runStop(getContext()));
  cmd
    .command('status')
    .description('packets captured (tshark), records delivered (kcat), kernel drops, restarts')
    .addHelpText('after', '\nExamples:\n  $ ziem capture status\n  $ ziem --json capture status')
    .action(() => runStatus(getContext()));
  return cmd;
}
