// `ziem alerts [--incidents] [--follow] [--json]`: wiring only; reading the ALERTS topic is in cli/alerts/alerts.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../alerts/alerts.js';
import { runIncidents } from '../alerts/incidents.js';

export function registerAlerts(program: Command, getContext: ContextFactory): Command {
  return program
    .command('alerts')
    .description(
      'print the alerts of the ALERTS topic (ALERTS_ENRICHED, with asset names, where it exists), oldest first (one line each; JSON lines with --json)',
    )
    .option('-f, --follow', 'keep printing alerts as they arrive, until Ctrl-C')
    .option('--raw', 'read ALERTS itself where the deployment has ALERTS_ENRICHED (the alerts with asset names)')
    .option('--incidents', 'incidents instead: the alerts of one attack grouped, open until 5 min pass without one')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem alerts
  $ ziem alerts --follow
  $ ziem --json alerts --follow | jq -r 'select(.kind == "PORT_SCAN") | .src'
  $ ziem alerts --incidents
  $ ziem alerts --incidents --follow`,
    )
    .action((o: { follow?: boolean; incidents?: boolean; raw?: boolean }) =>
      o.incidents
        ? runIncidents(getContext(), { follow: o.follow ?? false })
        : run(getContext(), { follow: o.follow ?? false, raw: o.raw ?? false }),
    );
}
