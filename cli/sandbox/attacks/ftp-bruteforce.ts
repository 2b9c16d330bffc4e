// The FTP brute force: one curl FTP login per guess against the db host's FTP server (services.ts),
// every guess refused with "530" by construction (the server has no account). Guesses come from
// bruteforce.ts's wordlist; --interval spaces them.
import { FTP_PORT } from '../services.js';
import { guess } from './bruteforce.js';
import { intOption, type Scenario } from './scenario.js';

export const ftpBruteforce: Scenario = {
  name: 'ftp-bruteforce',
  description: 'repeated failed FTP logins (curl) with a small wordlist against the sandbox FTP server',
  defaultTargetRole: 'db',
  tools: [['curl', 'curl']],
  async run(env, o) {
    const attempts = intOption(o['attempts'], '--attempts', 30, 1, 10_000);
    const intervalMs = intOption(o['interval'], '--interval', 0, 0, 600_000);
    const deadline = env.now() + env.durationMs;
    const tally = { rejected: 0, other: 0 };
    let n = 0;
    for (; n < attempts && env.now() < deadline; n++) {
      const g = guess(n);
      const r = await env.runner.run(
        env.src,
        'curl',
        [
          '-s',
          '-o',
          '/dev/null',
          '--max-time',
          '5',
          '-u',
          `${g.user}:${g.password}`,
          `ftp://${env.dst.ip}:${FTP_PORT}/`,
        ],
        { okCodes: [0, 6, 7, 28, 67], timeoutMs: 15_000 },
      );
      // curl 67: the server refused the login
      if (r.code === 67) tally.rejected++;
      else tally.other++;
      if (intervalMs > 0) await new Promise((res) => setTimeout(res, intervalMs));
    }
    return { tool: 'curl', port: FTP_PORT, attempts: n, rejected: tally.rejected, errors: tally.other };
  },
};
