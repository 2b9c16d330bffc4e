// `ziem deploy [--target T] [--dry-run]`: wiring only; the targets plan and apply (cli/targets/).
import { Option, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../targets/deploy.js';
import { TARGET_NAMES } from '../config/fields.js';

export function registerDeploy(program: Command, getContext: ContextFactory): Command {
  return program
    .command('deploy')
    .description(
      'deploy the platform: stack, sandbox, capture, engine, pipeline, sinks, model; prints the plan, then applies it',
    )
    .addOption(new Option('--target <target>', "where to deploy (default: the config's target)").choices(TARGET_NAMES))
    .option('--dry-run', 'print the plan and change nothing')
    .addHelpText(
      'after',
      `
The local target runs as root (the sandbox uses network namespaces), from a built checkout
(\`npm run build\`); compose needs a Docker engine and the UDF jar (\`mvn -f udf-bridge/java/pom.xml
verify\`); external provisions nothing and reaches the endpoints and credentials of ziem.yaml.
A second deploy only does what is missing; "nothing to do" exits 0. Without a trained model it
records normal traffic first (up to deploy.warmupTimeoutMs) and trains one.

Examples:
  $ sudo ziem deploy
  $ sudo ziem deploy --dry-run
  $ sudo ziem --json deploy --target local
  $ ziem deploy --target compose
  $ ZIEM_KAFKA_PASSWORD=… ZIEM_KSQL_PASSWORD=… ziem deploy --target external`,
    )
    .action((o: { target?: string; dryRun?: boolean }) =>
      run(getContext(), { target: o.target, dryRun: o.dryRun ?? false }),
    );
}
