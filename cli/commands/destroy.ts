// `ziem destroy [--purge]`: wiring only; the work is in cli/deploy/local/destroy.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../deploy/local/destroy.js';

export function registerDestroy(program: Command, getContext: ContextFactory): Command {
  return program
    .command('destroy')
    .description('undo `ziem deploy`: stop capture, remove the sandbox, stop the servers and the stack')
    .option('--purge', "also delete the stack's data and secrets, the trained model and the server logs")
    .addHelpText('after', '\nExamples:\n  $ sudo ziem destroy\n  $ sudo ziem destroy --purge')
    .action((o: { purge?: boolean }) => run(getContext(), { purge: o.purge ?? false }));
}
