// attack-sim's HostRunner on GCP: a scenario's tool runs on a sandbox VM over IAP SSH
// (`gcloud compute ssh <instance> --tunnel-through-iap --command …`), as root through sudo. Only
// the sandbox VMs of Terraform's outputs are ever reached: a host that is not one of them is refused
// before gcloud runs. The remote command is one shell word per argument (single-quoted), so a
// scenario's arguments arrive exactly as it built them; SSHPASS (the brute force's guess) goes
// through ssh's SendEnv, never argv, and the VM's sshd accepts it (ziem-vm.sh).
import { GuardrailError } from '../../sandbox/errors.js';
import { runnerFrom, type HostRunner } from '../../sandbox/host-runner.js';
import type { SandboxHost } from '../../sandbox/layout.js';
import type { Gcloud } from './gcloud.js';
import type { GcpDeployment } from './outputs.js';

/** POSIX shell quoting: every argument one single-quoted word. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function gcpRunner(g: Gcloud, d: GcpDeployment): HostRunner {
  return runnerFrom('gcp', (host: SandboxHost, cmd: string, args: readonly string[]) => {
    const vm = d.hosts.find((h) => h.name === host.name && h.instance === host.ns);
    if (!vm)
      throw new GuardrailError(
        host.name,
        `refusing to run ${cmd} on "${host.name}": it is not a sandbox VM of sandbox ${d.sandboxName} (VMs: ${d.hosts.map((h) => h.name).join(', ')})`,
      );
    return [
      g.bin,
      [
        'compute',
        'ssh',
        vm.instance,
        `--zone=${vm.zone}`,
        `--project=${d.project}`,
        '--tunnel-through-iap',
        '--quiet',
        '--ssh-flag=-o SendEnv=SSHPASS',
        '--ssh-flag=-o LogLevel=ERROR',
        `--command=${shellQuote(['sudo', '--preserve-env=SSHPASS', '--', cmd, ...args])}`,
      ],
    ];
  });
}
