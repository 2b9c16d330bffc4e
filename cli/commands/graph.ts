// `ziem graph compact [--older-than 24h] [--dry-run]`: wiring only; the job is cli/graph/retention/compact.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../graph/retention/compact.js';
import { parseRetention } from '../graph/retention/duration.js';

export function registerGraph(program: Command, getContext: ContextFactory): Command {
  const cmd = program.command('graph').description('maintain the Neo4j graph the sinks build');
  cmd
    .command('compact')
    .description(
      'fold FlowWindow nodes older than the retention into their TALKS_TO totals and delete them (batched, idempotent, safe to kill and rerun)',
    )
    .option('--older-than <duration>', 'retention for this run, e.g. 24h, 90m, 7d (default: graph.windowRetentionMs)')
    .option('--dry-run', 'count what would be folded and change nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem graph compact --dry-run
  $ ziem graph compact --older-than 6h
  $ ziem --json graph compact | jq '.after.flowWindows'

A folded pair's TALKS_TO keeps packets and bytes (the totals the sink maintains) and gains
foldedWindows, foldedPackets, foldedBytes, foldedSyns, foldedSynAcks, foldedAcks, foldedRsts, foldedFins
and foldedThrough (the latest folded window end: the sink ignores later updates of windows ending
at or before it). Run it periodically (cron or a systemd timer: see the README).
Settings: graph.windowRetentionMs (default 24 h), graph.compactBatchSize (default 5000, at most 10000).`,
    )
    .action(async (o: { olderThan?: string; dryRun?: boolean }) => {
      const olderThanMs = o.olderThan === undefined ? undefined : parseRetention(o.olderThan, '--older-than');
      await run(getContext(), { olderThanMs, dryRun: o.dryRun ?? false });
    });
  return cmd;
}
