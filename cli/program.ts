// Builds the commander program: global flags, every command module, help text conventions.
// Separate from main.ts so tests can parse argv without spawning a process.
import { installKafkaSecurity } from './clients/kafka-security-config.js';
import { Command, Option } from 'commander';
import { loadConfig } from './config/config.js';
import { makeContext, type Context, type Writer } from './context.js';
import { COMMANDS } from './commands/index.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  verbose?: boolean;
  stateDir?: string;
}

export interface ProgramIo {
  stdout: Writer;
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export type ContextFactory = () => Context;

/** The program-wide options every command also accepts after its own name (`ziem stack status
 *  --json`). The program reads its options positionally (before the command name only), so that a
 *  command's own option of the same name (`ksql apply --version 1`) is the command's, not the
 *  program's; these are then repeated, hidden, on each command that does not define them itself. */
const GLOBAL_FLAGS: ReadonlyArray<{ short?: string; long: string; value?: string; key: keyof GlobalOptions }> = [
  { short: '-c', long: '--config', value: '<file>', key: 'config' },
  { long: '--state-dir', value: '<dir>', key: 'stateDir' },
  { long: '--json', key: 'json' },
  { short: '-v', long: '--verbose', key: 'verbose' },
];

function addGlobalFlags(c: Command): void {
  const taken = new Set(c.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f)));
  for (const g of GLOBAL_FLAGS) {
    if (taken.has(g.long)) continue;
    const flags = [g.short && !taken.has(g.short) ? g.short : undefined, g.long].filter(Boolean).join(', ');
    c.addOption(new Option(g.value ? `${flags} ${g.value}` : flags).hideHelp());
  }
}

/** The global options as given anywhere on the line: the innermost command's value wins. */
function globalsOf(program: Command, action: Command | undefined): GlobalOptions {
  const chain: Command[] = [];
  for (let c: Command | null = action ?? null; c && c !== program; c = c.parent) chain.unshift(c);
  const out: GlobalOptions = { ...program.opts<GlobalOptions>() };
  for (const c of chain) {
    const o = c.opts<Record<string, unknown>>();
    for (const g of GLOBAL_FLAGS) if (o[g.key] !== undefined) (out as Record<string, unknown>)[g.key] = o[g.key];
  }
  return out;
}

export function buildProgram(io: ProgramIo): Command {
  const program = new Command('ziem');
  program
    .description('Stand up and run a real-time network threat-detection platform (Kafka, ksqlDB, Neo4j)')
    .version('0.1.0', '-V, --version', 'print the version')
    .addOption(new Option('-c, --config <file>', 'configuration file (default: ./ziem.yaml, or $ZIEM_CONFIG)'))
    .addOption(new Option('--state-dir <dir>', 'state directory of a local deployment (default: .ziem)'))
    .option('--json', 'machine-readable output on stdout')
    .option('-v, --verbose', 'more detail on stderr')
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  $ ziem deploy                   the whole platform on the local target (as root)
  $ ziem alerts --follow          alerts as they arrive
  $ ziem attack-sim portscan --expect-detection
  $ ziem stack status --json      health of each component, for scripts
  $ ziem ksql apply --all         apply ksql/ migrations to a ksqlDB server
  $ ziem --config prod.yaml stack status

Configuration precedence: flags > ZIEM_* environment > ziem.yaml > defaults.`,
  );

  let ctx: Context | undefined;
  let action: Command | undefined;
  program.hook('preAction', (_program, actionCommand) => {
    action = actionCommand;
  });
  const getContext: ContextFactory = () => {
    if (ctx) return ctx;
    const g = globalsOf(program, action);
    const config = loadConfig({
      file: g.config,
      env: io.env,
      cwd: io.cwd,
      flags: g.stateDir ? { stateDir: g.stateDir } : {},
    });
    installKafkaSecurity(config);
    ctx = makeContext({
      config,
      stdout: io.stdout,
      stderr: io.stderr,
      json: g.json ?? false,
      verbose: g.verbose ?? false,
      env: io.env,
    });
    return ctx;
  };
  for (const register of COMMANDS) {
    const sub = register(program, getContext);
    sub
      .exitOverride()
      .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  }
  program.commands.forEach(function propagate(c: Command) {
    addGlobalFlags(c);
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
    c.commands.forEach(propagate);
  });
  return program;
}
