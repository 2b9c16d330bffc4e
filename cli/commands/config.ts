// `ziem config show`: prints the effective configuration (secrets masked) and where it came from.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { emit } from '../context.js';

export function registerConfig(program: Command, getContext: ContextFactory): Command {
  const cmd = program.command('config').description('inspect the effective configuration');
  cmd
    .command('show')
    .description('print the configuration after flags, ZIEM_* environment, ziem.yaml and defaults')
    .addHelpText('after', '\nExamples:\n  $ ziem config show\n  $ ZIEM_KAFKA_PORT=19092 ziem config show --json')
    .action(() => {
      const ctx = getContext();
      emit(ctx, ctx.config, () => JSON.stringify(ctx.config, null, 2));
    });
  return cmd;
}
