// `ziem ksql …`: the embedded engine's commands. `test` (ksql-test-runner contract) and `qtt`
// (ksqlDB's query-validation cases) are wired here; later subcommands (apply, serve) add a
// register function to SUBCOMMANDS. Work happens in cli/ksql-engine/; this file only parses flags.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ContextFactory } from '../program.js';
import { runKsqlTest } from '../ksql-engine/ksql-test.js';
import { runQtt, runQttOnKafka } from '../ksql-engine/qtt-command.js';
import { registerKsqlMigrations } from './ksql-migrations.js';

type RegisterSub = (ksql: Command, getContext: ContextFactory) => void;

function percent(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('expected a percentage between 0 and 100');
  return n;
}

const registerTest: RegisterSub = (ksql, getContext) => {
  ksql
    .command('test')
    .description(
      'run a statements file against input records and compare with expected output (ksql-test-runner contract)',
    )
    .requiredOption('-s, --statements <file.sql>', 'ksql statements to run')
    .requiredOption('-i, --input <in.json>', 'input records: {"inputs":[{topic,key,value,timestamp}]}')
    .requiredOption('-o, --output <expected.json>', 'expected records: {"outputs":[{topic,key,value,timestamp}]}')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem ksql test --statements ksql/flows.sql --input in.json --output expected.json
  $ ziem --json ksql test -s q.sql -i in.json -o out.json

Exit status: 0 when the output matches, 1 with a diff otherwise.`,
    )
    .action((o: { statements: string; input: string; output: string }) => {
      runKsqlTest(getContext(), o);
    });
};

const registerQtt: RegisterSub = (ksql, getContext) => {
  ksql
    .command('qtt')
    .description('run ksqlDB query-validation test files or folders and print passed, failed and unsupported counts')
    .argument('<path...>', 'QTT .json files or folders of them')
    .option('--min-pass-rate <percent>', 'fail when fewer of the supported cases pass', percent, 100)
    .option('--grep <text>', 'only run cases whose name contains the text')
    .addOption(
      new Option(
        '--driver <driver>',
        'run the cases on in-memory topics or through Kafka (kafka.bootstrap, or --kafka)',
      )
        .choices(['memory', 'kafka'])
        .default('memory'),
    )
    .option('--kafka <bootstrap>', 'Kafka bootstrap servers (implies --driver kafka; default: kafka.bootstrap)')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem ksql qtt ../shared/ksql-qtt --min-pass-rate 90
  $ ziem ksql qtt --driver kafka --kafka 127.0.0.1:9092 ../shared/ksql-qtt/simple-struct.json
  $ ziem --verbose ksql qtt ../shared/ksql-qtt/group-by.json --grep "table->table"
  $ ziem --json ksql qtt ../shared/ksql-qtt

Cases needing a Schema Registry (AVRO, PROTOBUF, JSON_SR) and unsupported features (joins)
count as unsupported, never as passed.`,
    )
    .action(
      async (
        paths: string[],
        o: { minPassRate: number; grep?: string; driver: 'memory' | 'kafka'; kafka?: string },
      ) => {
        const ctx = getContext();
        const opts = {
          paths,
          minPassRate: o.minPassRate,
          verbose: ctx.verbose,
          ...(o.grep !== undefined ? { grep: o.grep } : {}),
        };
        if (o.driver === 'kafka' || o.kafka !== undefined)
          await runQttOnKafka(ctx, { ...opts, bootstrap: o.kafka ?? ctx.config.kafka.bootstrap });
        else runQtt(ctx, opts);
      },
    );
};

export const SUBCOMMANDS: RegisterSub[] = [registerTest, registerQtt, registerKsqlMigrations];

export function registerKsql(program: Command, getContext: ContextFactory): Command {
  const ksql = program.command('ksql').description("ksqlDB: migrations against any server, and ziem's embedded engine");
  for (const register of SUBCOMMANDS) register(ksql, getContext);
  return ksql;
}
