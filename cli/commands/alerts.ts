// `ziem alerts [--follow] [--json]`: wiring only; reading the ALERTS topic is in cli/alerts/alerts.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../alerts/alerts.js';

export function registerAlerts(program: Command, getContext: ContextFactory): Command {
  return program
    .command('alerts')
    .description('print the alerts of the ALERTS topic, oldest first (one line each; JSON lines with --json)')
    .option('-f, --follow', 'keep printing alerts as they arrive, until Ctrl-C')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem alerts
  $ ziem alerts --follow
  $ ziem --json alerts --follow | jq -r 'select(.kind == "PORT_SCAN") | .src'`,
    )
    .action((o: { follow?: boolean }) => run(getContext(), { follow: o.follow ?? false }));
}
