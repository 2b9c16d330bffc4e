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

export function buildProgram(io: ProgramIo): Command {
  const program = new Command('ziem');
  program
    .description('Stand up and run a real-time network threat-detection platform (Kafka, ksqlDB, Neo4j)')
    .version('0.1.0', '-V, --version', 'print the version')
    .addOption(new Option('-c, --config <file>', 'configuration file (default: ./ziem.yaml, or $ZIEM_CONFIG)'))
    .addOption(new Option('--state-dir <dir>', 'state directory of a local deployment (default: .ziem)'))
    .option('--json', 'machine-readable output on stdout')
    .option('-v, --verbose', 'more detail on stderr')
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
  const getContext: ContextFactory = () => {
    if (ctx) return ctx;
    const g = program.opts<GlobalOptions>();
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
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
    c.commands.forEach(propagate);
  });
  return program;
}
