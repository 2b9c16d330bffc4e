#!/usr/bin/env node
// The `ziem` entry point: parse argv, run the command, and map every error to an exit code here
// and nowhere else (0 success, 2 usage or config, 1 anything else).
import { CommanderError } from 'commander';
import { buildProgram, type ProgramIo } from './program.js';
import { describeError, exitCodeFor, EXIT_OK, EXIT_USAGE } from '../core/errors/exit-codes.js';
import { redact } from '../core/secret.js';

export async function runCli(argv: readonly string[], io: ProgramIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are successes; everything else from commander is usage, also a command
      // group run without its subcommand (`ziem sandbox`: help on stderr, exit 2)
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const verbose = argv.includes('--verbose') || argv.includes('-v');
    const secrets = [
      io.env['ZIEM_NEO4J_PASSWORD'],
      io.env['ZIEM_KSQL_PASSWORD'],
      io.env['ZIEM_KSQL_SERVER_KEY_PASSWORD'],
    ].filter((s): s is string => !!s);
    for (const line of describeError(err, verbose)) io.stderr.write(redact(line, secrets) + '\n');
    return exitCodeFor(err);
  }
}
