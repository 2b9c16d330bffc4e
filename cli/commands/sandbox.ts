// `ziem sandbox up | down | status | exec`: wiring only; the work is in cli/sandbox/sandbox.ts.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runDown, runExec, runStatus, runUp } from '../sandbox/sandbox.js';

export function registerSandbox(program: Command, getContext: ContextFactory): Command {
  const cmd = program
    .command('sandbox')
    .description('the local sandbox: hosts in network namespaces on a bridge (needs root)');
  cmd
    .command('up')
    .description('create the hosts (namespaces, veths, bridge) and start their services (HTTP on web, sshd on db)')
    .option('--hosts <roles>', 'comma-separated host roles: web, db, workstation, attacker (default: sandbox.hosts)')
    .option('--cidr <cidr>', 'sandbox network (default: sandbox.cidr, 10.77.0.0/24)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sudo ziem sandbox up\n  $ sudo ziem sandbox up --hosts web,db,attacker --cidr 10.78.0.0/24',
    )
    .action((o: { hosts?: string; cidr?: string }) => runUp(getContext(), o));
  cmd
    .command('down')
    .description('remove everything `up` recorded in the state dir, and nothing else')
    .addHelpText('after', '\nExamples:\n  $ sudo ziem sandbox down')
    .action(() => runDown(getContext()));
  cmd
    .command('status')
    .description('list each host with its name, role, address and services')
    .addHelpText('after', '\nExamples:\n  $ ziem sandbox status\n  $ ziem --json sandbox status')
    .action(() => runStatus(getContext()));
  cmd
    .command('exec')
    .description('run a command inside a sandbox host')
    .argument('<host>', 'sandbox host name, e.g. web')
    .argument('<command...>', 'the command, after --')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sudo ziem sandbox exec web -- ip addr\n  $ sudo ziem sandbox exec workstation -- curl -s http://10.77.0.2/',
    )
    .action((host: string, command: string[]) => runExec(getContext(), { host, command }));
  return cmd;
}
