// `ziem stack up|down|status|logs`: wiring only; the work is in cli/stack/.
import { Command, Option } from 'commander';
import type { ContextFactory } from '../program.js';
import { run as runUp } from '../stack/up.js';
import { run as runDown } from '../stack/down.js';
import { run as runStatus } from '../stack/status.js';
import { run as runLogs } from '../stack/logs.js';
import { run as runCheck } from '../stack/round-trip.js';
import { UsageError } from '../../core/errors/ziem-error.js';
import { COMPONENTS } from '../stack/layout.js';

function parseLines(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--lines: expected a positive integer, got "${v}"`);
  return n;
}

export function registerStack(program: Command, getContext: ContextFactory): Command {
  const stack = program
    .command('stack')
    .description(
      "the local stack: Kafka (KRaft), Kafka Connect with the Neo4j sink, Neo4j, the embedded engine's ksqlDB server",
    );

  stack
    .command('up')
    .description('start what is not running and wait until every component is healthy')
    .addOption(
      new Option('--only <component...>', 'start only these components (and what they need)').choices([...COMPONENTS]),
    )
    .addHelpText(
      'after',
      `
The first run resolves the jars with Maven into ~/.cache/ziem/jars (progress on stderr).
Ports, heaps and the state directory come from ziem.yaml / ZIEM_* (see \`ziem config show\`).

Examples:
  $ ziem stack up
  $ ziem stack up --only kafka
  $ ziem stack up --only ksql        # Kafka, Connect and the engine server on ksql.url
  $ ZIEM_KAFKA_PORT=19092 ziem --state-dir /tmp/z stack up --json`,
    )
    .action((o: { only?: string[] }) => runUp(getContext(), { components: o.only }));

  stack
    .command('down')
    .description('stop the processes `up` started (SIGTERM, then SIGKILL after stack.stopTimeoutMs)')
    .option('--purge', 'also delete data, logs and the generated Neo4j password')
    .addHelpText('after', '\nExamples:\n  $ ziem stack down\n  $ ziem stack down --purge')
    .action((o: { purge?: boolean }) => runDown(getContext(), { purge: o.purge ?? false }));

  stack
    .command('status')
    .description('pid, ports, health and version of each component (exit 1 if any is not healthy)')
    .addHelpText('after', '\nExamples:\n  $ ziem stack status\n  $ ziem stack status --json')
    .action(() => runStatus(getContext()));

  stack
    .command('check')
    .description('round trip: a record through Kafka and the Neo4j sink connector into Neo4j, read back')
    .addHelpText('after', '\nExamples:\n  $ ziem stack check\n  $ ziem stack check --json')
    .action(async () => void (await runCheck(getContext())));

  stack
    .command('logs')
    .description('print the log of one component')
    .argument('<component>', 'kafka, connect, neo4j or ksql')
    .option('-f, --follow', 'keep printing what is appended (Ctrl-C to stop)')
    .option('-n, --lines <n>', 'how many lines from the end', parseLines, 100)
    .addHelpText(
      'after',
      '\nExamples:\n  $ ziem stack logs kafka\n  $ ziem stack logs ksql\n  $ ziem stack logs neo4j -f -n 20',
    )
    .action(async (component: string, o: { follow?: boolean; lines: number }) => {
      const ac = new AbortController();
      const stop = (): void => ac.abort();
      process.once('SIGINT', stop);
      try {
        await runLogs(getContext(), { component, follow: o.follow ?? false, lines: o.lines, signal: ac.signal });
      } finally {
        process.off('SIGINT', stop);
      }
    });
  return stack;
}
