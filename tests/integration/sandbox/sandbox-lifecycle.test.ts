// `ziem sandbox up | status | exec | down` against real namespaces, a real bridge and real
// services; `down` must leave no namespace, link or process behind. Needs root.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from '../../../cli/sandbox/attack-sim.js';
import { GuardrailError, SandboxError } from '../../../cli/sandbox/errors.js';
import { isAlive } from '../../../cli/sandbox/processes.js';
import { runInNs } from '../../../cli/sandbox/run-tool.js';
import { runDown, runExec, runStatus, runUp, sandboxStatus } from '../../../cli/sandbox/sandbox.js';
import { readState, sandboxDir } from '../../../cli/sandbox/state.js';
import { leftovers, sandboxTestEnv } from './sandbox-fixture.js';

const env = sandboxTestEnv();
const { ctx, prefix } = env;
let pids: number[] = [];

beforeAll(async () => {
  expect(await leftovers(prefix)).toEqual([]);
  await runUp(ctx, {});
  pids = readState(ctx.config.stateDir)!.processes.map((p) => p.pid);
});

afterAll(async () => {
  await runDown(ctx);
  env.cleanup();
});

describe('sandbox up', () => {
  it('creates one namespace per role on a prefixed bridge, with services running', async () => {
    const hosts = await sandboxStatus(ctx);
    expect(hosts.map((h) => [h.name, h.role, h.namespace, h.up])).toEqual([
      ['web', 'web', `${prefix}web`, true],
      ['db', 'db', `${prefix}db`, true],
      ['workstation', 'workstation', `${prefix}workstation`, true],
      ['attacker', 'attacker', `${prefix}attacker`, true],
    ]);
    expect(hosts.flatMap((h) => h.services.map((s) => `${h.name}:${s.service}:${s.running}`))).toEqual([
      'web:http:true',
      'db:sshd:true',
      'db:dns:true',
      'db:ftp:true',
    ]);
    expect((await leftovers(prefix)).sort()).toEqual(
      [
        `link ${prefix}br`,
        `link ${prefix}v0`,
        `link ${prefix}v1`,
        `link ${prefix}v2`,
        `link ${prefix}v3`,
        `netns ${prefix}attacker`,
        `netns ${prefix}db`,
        `netns ${prefix}web`,
        `netns ${prefix}workstation`,
      ].sort(),
    );
  });

  it('serves HTTP on web and SSH key logins on db to other hosts', async () => {
    const [web, db] = (await sandboxStatus(ctx)).map((h) => h.ip);
    const http = await runInNs(`${prefix}workstation`, 'curl', ['-s', '-m', '5', `http://${web}/`]);
    expect(http.stdout).toContain('ziem sandbox web host');
    const key = `${sandboxDir(ctx.config.stateDir)}/ssh/client_ed25519`;
    const ssh = await runInNs(`${prefix}workstation`, 'ssh', [
      '-i',
      key,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'LogLevel=ERROR',
      `root@${db}`,
      'id',
    ]);
    expect(ssh.stdout.trim()).toBe('ziem-sandbox-session');
  });

  it('has no route out of the sandbox', async () => {
    const r = await runInNs(`${prefix}attacker`, 'ping', ['-c', '1', '-W', '1', '8.8.8.8'], { okCodes: [0, 1, 2] });
    expect(r.code).not.toBe(0);
  });

  it('status --json lists name, role and ip; exec runs inside a host', async () => {
    env.stdout.length = 0;
    await runStatus({ ...ctx, json: true });
    const status = JSON.parse(env.stdout.join('')) as {
      up: boolean;
      hosts: Array<{ name: string; role: string; ip: string }>;
    };
    expect(status.up).toBe(true);
    expect(status.hosts[0]).toMatchObject({ name: 'web', role: 'web', ip: env.cidr.replace(/0\/24$/, '2') });
    env.stdout.length = 0;
    await runExec(ctx, { host: 'db', command: ['ip', '-4', '-o', 'addr', 'show', 'eth0'] });
    expect(env.stdout.join('')).toContain(env.cidr.replace(/0\/24$/, '3'));
    await expect(runExec(ctx, { host: 'db', command: ['false'] })).rejects.toThrow(/exited with 1/);
    await expect(runExec(ctx, { host: 'mail', command: ['true'] })).rejects.toThrow(/no sandbox host named "mail"/);
  });

  it('refuses a second up on the same state dir and names already in use', async () => {
    await expect(runUp(ctx, {})).rejects.toThrow(/already up/);
    const other = sandboxTestEnv({ 'sandbox.prefix': prefix });
    await expect(runUp(other.ctx, {})).rejects.toThrow(SandboxError);
    expect(readState(other.config.stateDir)).toBeUndefined();
    other.cleanup();
  });

  it.each(['127.0.0.1', '8.8.8.8', '192.168.0.1', '10.255.255.1', 'localhost', 'example.com', '::1'])(
    'attack-sim refuses target %s before sending anything',
    async (to) => {
      await expect(runAttack(ctx, 'portscan', { to })).rejects.toThrow(GuardrailError);
    },
  );
});

describe('sandbox down', () => {
  it('removes every namespace, link and process it created, and nothing else', async () => {
    await runDown(ctx);
    expect(await leftovers(prefix)).toEqual([]);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(sandboxDir(ctx.config.stateDir))).toBe(false);
    env.stdout.length = 0;
    await runStatus(ctx);
    expect(env.stdout.join('')).toContain('sandbox: down');
  });
});
