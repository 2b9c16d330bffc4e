// The compose target's HostRunner: a sandbox host is the compose service of its name, and a tool
// runs in it with `docker compose exec -T <host> cmd args` (no TTY: output and exit status come back
// as from a local process). SSHPASS is passed through by name (never on argv), as bruteforce sets it.
import { runnerFrom, type HostRunner } from '../../sandbox/host-runner.js';
import { composeArgv, type ComposeProject } from './compose-cli.js';

/** variables a scenario hands its tool through the environment */
const PASSED_ENV = ['SSHPASS'];

export function composeRunner(p: ComposeProject): HostRunner {
  return runnerFrom('compose', (host, cmd, args) =>
    composeArgv(p, ['exec', '-T', ...PASSED_ENV.flatMap((v) => ['-e', v]), host.name, cmd, ...args]),
  );
}
