// `ziem smoke [--json] [--keep]`: wiring only; the test itself is cli/smoke/smoke.ts.
import { Option, type Command } from 'commander';
import { TARGET_NAMES } from '../config/fields.js';
import type { ContextFactory } from '../program.js';
import { run } from '../smoke/smoke.js';

export function registerSmoke(program: Command, getContext: ContextFactory): Command {
  return program
    .command('smoke')
    .description(
      'end-to-end test: deploy, normal traffic without alerts, three attacks detected within 15 s, graph = FLOWS, destroy',
    )
    .addOption(
      new Option('--target <target>', 'which target to deploy, attack and destroy (default local)').choices(
        TARGET_NAMES,
      ),
    )
    .option('--keep', 'leave the deployment running afterwards (run `ziem destroy` when done)')
    .addHelpText(
      'after',
      `
Exits 1 when any check fails. --json prints
{"passed":bool,"scenarios":{"portscan":{"detected":bool,"seconds":n},...},"falseAlerts":n,...}.

Examples:
  $ sudo ziem smoke
  $ sudo ziem --json smoke
  $ ziem smoke --target compose`,
    )
    .action((o: { keep?: boolean; target?: string }) =>
      run(getContext(), { keep: o.keep ?? false, ...(o.target ? { target: o.target } : {}) }),
    );
}
