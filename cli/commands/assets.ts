// `ziem assets import <file.csv>` and `ziem intel import <file>`: wiring only; reading, checking
// and writing the table topics is cli/inventory/import.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runImport, type ImportKind } from '../inventory/import.js';

function importCommand(parent: Command, kind: ImportKind, getContext: ContextFactory, help: string): void {
  parent
    .command('import')
    .description(help)
    .argument('<file>', kind === 'assets' ? 'a CSV file: header ip,name,owner,criticality' : 'a list of addresses')
    .option('--topic <topic>', `the table's topic (default: ziem-${kind}, the migrations' ${kind}_topic)`)
    .option('--dry-run', 'check the file and print the count; Kafka is not contacted')
    .action(async (file: string, o: { topic?: string; dryRun?: boolean }) => {
      await runImport(getContext(), {
        kind,
        file,
        ...(o.topic !== undefined ? { topic: o.topic } : {}),
        dryRun: o.dryRun ?? false,
      });
    });
}

export function registerAssets(program: Command, getContext: ContextFactory): Command {
  const cmd = program.command('assets').description('the asset inventory the ASSETS table reads (alert enrichment)');
  importCommand(
    cmd,
    'assets',
    getContext,
    'check an inventory CSV whole, then write one record per address to the compacted ASSETS topic (created if missing)',
  );
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ziem assets import inventory.csv
  $ ziem --json assets import inventory.csv --dry-run

The CSV has a header row naming ip, name, owner and criticality (any order; other columns are
ignored); criticality is low, medium, high or critical. A bad row is an error naming file:line
and the field, and nothing is written. ALERTS_ENRICHED (ksql/V000020) carries the names.`,
  );
  return cmd;
}

export function registerIntel(program: Command, getContext: ContextFactory): Command {
  const cmd = program.command('intel').description('the known-bad address list the KNOWN_BAD_HOSTS table reads');
  importCommand(
    cmd,
    'intel',
    getContext,
    'check an address list whole, then write one record per address to the compacted KNOWN_BAD_HOSTS topic (created if missing)',
  );
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ziem intel import blocklist.txt
  $ ziem --json intel import feed.csv --dry-run

One IPv4 address per line, optionally "address,source,description"; "#" starts a comment. CIDR
ranges other than /32 are refused (the pipeline matches exact addresses). The first contact of a
host with a listed address raises KNOWN_BAD_HOST (ksql/V000021), once per pair.`,
  );
  return cmd;
}
