// `ziem destroy [--target T] [--purge]`: wiring only; the targets undo their deployments (cli/targets/).
import { Option, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../targets/destroy.js';
import { TARGET_NAMES } from '../config/fields.js';

export function registerDestroy(program: Command, getContext: ContextFactory): Command {
  return program
    .command('destroy')
    .description('undo `ziem deploy`: stop capture, remove the sandbox, stop the servers and the stack')
    .addOption(new Option('--target <target>', "which deployment (default: the config's target)").choices(TARGET_NAMES))
    .option('--yes', 'destroy without asking (gcp asks before it deletes cloud resources)')
    .option('--purge', "also delete the stack's data and secrets, the trained model and the server logs")
    .addHelpText(
      'after',
      '\nExamples:\n  $ sudo ziem destroy\n  $ sudo ziem destroy --purge\n  $ ziem destroy --target gcp --yes',
    )
    .action((o: { target?: string; purge?: boolean; yes?: boolean }) =>
      run(getContext(), { purge: o.purge ?? false, yes: o.yes ?? false, ...(o.target ? { target: o.target } : {}) }),
    );
}
