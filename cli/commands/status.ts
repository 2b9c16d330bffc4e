// `ziem status [--target T]`: wiring only; each target reports its parts (cli/targets/status.ts).
import { Option, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../targets/status.js';
import { TARGET_NAMES } from '../config/fields.js';

export function registerStatus(program: Command, getContext: ContextFactory): Command {
  return program
    .command('status')
    .description('each part of the deployment and whether it is healthy; exit 1 if any is not')
    .addOption(new Option('--target <target>', "which deployment (default: the config's target)").choices(TARGET_NAMES))
    .addHelpText('after', '\nExamples:\n  $ ziem status\n  $ ziem --json status --target local')
    .action(async (o: { target?: string }) => void (await run(getContext(), o.target ? { target: o.target } : {})));
}
