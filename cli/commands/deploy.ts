// `ziem deploy [--target T] [--dry-run]`: wiring only; the targets plan and apply (cli/targets/).
import { Option, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../targets/deploy.js';
import { TARGET_NAMES } from '../config/fields.js';
import type { GcpFlags } from '../targets/gcp/flags.js';

type DeployFlags = { target?: string; dryRun?: boolean; yes?: boolean } & GcpFlags;

export function registerDeploy(program: Command, getContext: ContextFactory): Command {
  return program
    .command('deploy')
    .description(
      'deploy the platform: stack, sandbox, capture, engine, pipeline, sinks, model; prints the plan, then applies it',
    )
    .addOption(new Option('--target <target>', "where to deploy (default: the config's target)").choices(TARGET_NAMES))
    .option('--dry-run', 'print the plan and change nothing')
    .option('--yes', 'apply without asking (gcp asks before it creates billed resources)')
    .option('--project <id>', 'gcp: the Google Cloud project (overrides gcp.project)')
    .option('--region <region>', 'gcp: the region (overrides gcp.region; the zone follows)')
    .option('--hosts <roles>', 'sandbox host roles, comma-separated (overrides sandbox.hosts)')
    .addOption(
      new Option('--capture <mode>', 'gcp: capture source (overrides gcp.capture)').choices(['agent', 'mirroring']),
    )
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
  $ ZIEM_KAFKA_PASSWORD=… ZIEM_KSQL_PASSWORD=… ziem deploy --target external
  $ ziem deploy --target gcp --project my-proj-1 --region europe-west1 --hosts web,db,attacker
  $ ziem deploy --target gcp --capture mirroring --yes`,
    )
    .action((o: DeployFlags) =>
      run(getContext(), {
        target: o.target,
        dryRun: o.dryRun ?? false,
        yes: o.yes ?? false,
        gcp: { project: o.project, region: o.region, hosts: o.hosts, capture: o.capture },
      }),
    );
}
