// The sshd_config of the `db` host's SSH server. Its own file, keys and pid file under the state
// dir, so the machine's own sshd and /etc/ssh are never read or touched. Pure.

/** sshd's second port on db: SSH on a non-standard port (brute force must be found by its banner). */
export const SSH_ALT_PORT = 2222;

export interface SshdPaths {
  readonly hostKey: string;
  readonly authorizedKeys: string;
  readonly pidFile: string;
}

export function sshdConfig(listenIp: string, p: SshdPaths): string {
  return [
    '# written by `ziem sandbox up`; removed by `ziem sandbox down`',
    'Port 22',
    // a second port: SSH on a non-standard port, as attackers meet it
    `Port ${SSH_ALT_PORT}`,
    `ListenAddress ${listenIp}`,
    `HostKey ${p.hostKey}`,
    `PidFile ${p.pidFile}`,
    // key logins (the normal traffic) succeed; password logins (the brute force) always fail,
    // because root may not log in with a password and no other account is configured
    `AuthorizedKeysFile ${p.authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    // the key lives under the state dir, not in a home directory sshd would check the modes of
    'StrictModes no',
    'UsePAM no',
    // a session can only print a line: a successful login must not give a shell on this machine
    'ForceCommand echo ziem-sandbox-session',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PermitTunnel no',
    'PrintMotd no',
    'MaxAuthTries 3',
    // a brute force opens many connections in a row; sshd must keep answering them
    'MaxStartups 200:30:400',
    'LoginGraceTime 10',
    'LogLevel INFO',
    '',
  ].join('\n');
}
