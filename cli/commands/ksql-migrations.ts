// `ziem ksql apply | info | validate | new`: wiring only; the work is in cli/ksql/.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ContextFactory } from '../program.js';
import { runApply } from '../ksql/apply.js';
import { runInfo, runNew, runValidate } from '../ksql/info.js';
import type { ApplyMode } from '../ksql/plan-apply.js';
import { UsageError } from '../../core/errors/ziem-error.js';

function version(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a version number of 1 or more');
  return Number(v);
}

function define(v: string, prev: Record<string, string>): Record<string, string> {
  const at = v.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected name=value, got ${JSON.stringify(v)}`);
  return { ...prev, [v.slice(0, at)]: v.slice(at + 1) };
}

interface ApplyFlags {
  all?: boolean;
  next?: boolean;
  until?: number;
  version?: number;
  dryRun?: boolean;
  define: Record<string, string>;
  breakLock?: boolean;
}

function modeOf(f: ApplyFlags): ApplyMode {
  const modes: ApplyMode[] = [];
  if (f.all) modes.push({ kind: 'all' });
  if (f.next) modes.push({ kind: 'next' });
  if (f.until !== undefined) modes.push({ kind: 'until', version: f.until });
  if (f.version !== undefined) modes.push({ kind: 'version', version: f.version });
  if (modes.length !== 1) throw new UsageError('give exactly one of --all, --next, --until <v> or --version <v>');
  return modes[0] as ApplyMode;
}

export function registerKsqlMigrations(ksql: Command, getContext: ContextFactory): void {
  ksql
    .command('apply')
    .description('apply the migrations in ksql/ to a ksqlDB server, in order, recording each version')
    .option('--all', 'every pending version')
    .option('--next', 'the next pending version')
    .addOption(new Option('--until <v>', 'pending versions up to and including v').argParser(version))
    .addOption(
      new Option('--version <v>', 'exactly version v (refused if it would skip pending ones)').argParser(version),
    )
    .option('--dry-run', 'print what would run, send nothing')
    .option('--define <name=value>', 'a variable, as DEFINE at the top of each file (repeatable)', define, {})
    .option('--break-lock', 'take the migration lock even if another apply holds it')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem ksql apply --all
  $ ziem ksql apply --next --dry-run
  $ ziem ksql apply --until 3 --define portscan_ports=500
  $ ziem --json ksql apply --all        # {"applied":[…],"current":N}

Exits 0 when there is nothing to apply.`,
    )
    .action(async (f: ApplyFlags) => {
      await runApply(getContext(), {
        mode: modeOf(f),
        dryRun: f.dryRun ?? false,
        defines: f.define,
        breakLock: f.breakLock ?? false,
      });
    });
  ksql
    .command('info')
    .description('each migration with its state, checksum and times')
    .addHelpText('after', '\nExamples:\n  $ ziem ksql info\n  $ ziem --json ksql info')
    .action(async () => void (await runInfo(getContext())));
  ksql
    .command('validate')
    .description('check that applied migration files are unchanged (exit 1 naming any edited file)')
    .addHelpText('after', '\nExamples:\n  $ ziem ksql validate')
    .action(async () => runValidate(getContext()));
  ksql
    .command('new')
    .description('create the next migration file, V<next>__<description>.sql')
    .argument('<description>', 'what the migration does; words become the file name')
    .addHelpText('after', '\nExamples:\n  $ ziem ksql new "host activity features"')
    .action((d: string) => void runNew(getContext(), d));
}
