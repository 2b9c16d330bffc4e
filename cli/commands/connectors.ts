// `ziem connectors apply | status | restart | delete`: wiring only. The work is in
// cli/connectors/ (files, plan, apply, status, restart, delete) against Kafka Connect's REST API.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runConnectorsApply } from '../connectors/apply.js';
import { runConnectorsStatus } from '../connectors/status.js';
import { runConnectorsRestart } from '../connectors/restart.js';
import { runConnectorsDelete } from '../connectors/delete.js';

export function registerConnectors(program: Command, getContext: ContextFactory): Command {
  const cmd = program
    .command('connectors')
    .description('deploy and operate the Kafka Connect connectors described by connectors/*.json');
  cmd
    .command('apply')
    .description(
      'create or update every connectors/*.json (PUT /connectors/<name>/config) and wait until it and its tasks are RUNNING',
    )
    .option('--dry-run', 'print what would change (create, update, unchanged; secrets masked) and change nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem connectors apply --dry-run
  $ NEO4J_PASSWORD=... ziem connectors apply
  $ ZIEM_CONNECTORS_DIR=deploy/connectors ziem --json connectors apply

Files are {"name": "...", "config": {...}}; values may use \${env:VAR} and \${file:path:key}
(a Java properties file, relative to the connectors directory). Resolved values are sent to
Connect only: never written to disk, masked in every output. Unchanged connectors are not touched.
Settings: connectors.dir (default connectors), connectors.timeoutMs, connect.url.`,
    )
    .action(async (o: { dryRun?: boolean }) => {
      await runConnectorsApply(getContext(), { dryRun: o.dryRun ?? false });
    });
  cmd
    .command('status')
    .description('state of every connector and task on the Connect worker, with the traces of failed ones')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem connectors status
  $ ziem --json connectors status | jq '.connectors[] | select(.state != "RUNNING")'`,
    )
    .action(async () => {
      await runConnectorsStatus(getContext());
    });
  cmd
    .command('restart')
    .description("restart a connector's failed instances and wait until it and all its tasks are RUNNING")
    .argument('<name>', 'connector name')
    .option('--all', 'restart the connector and every task, not only the failed ones')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem connectors restart flows-to-neo4j
  $ ziem connectors restart flows-to-neo4j --all`,
    )
    .action(async (name: string, o: { all?: boolean }) => {
      await runConnectorsRestart(getContext(), { name, all: o.all ?? false });
    });
  cmd
    .command('delete')
    .description('delete a connector from the Connect worker (its file stays; apply would create it again)')
    .argument('<name>', 'connector name')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem connectors delete flows-to-neo4j`,
    )
    .action(async (name: string) => {
      await runConnectorsDelete(getContext(), { name });
    });
  return cmd;
}
