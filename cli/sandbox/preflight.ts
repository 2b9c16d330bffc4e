// Checks before touching the network stack: root, and the tools a command needs. Failing here
// gives a clear message instead of a half-built sandbox.
import { PrerequisiteError } from '../../core/errors/ziem-error.js';
import { runTool } from './run-tool.js';

export function requireRoot(what: string): void {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return;
  throw new PrerequisiteError(`${what} needs root: it creates network namespaces, a bridge and raw sockets`, {
    hint: 'run it as root, e.g. `sudo ziem sandbox up`',
  });
}

/** Throws naming every missing tool and the Debian package that provides it. */
export async function requireTools(tools: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const missing: string[] = [];
  for (const [tool, pkg] of tools) {
    const r = await runTool('sh', ['-c', `command -v ${tool}`], { okCodes: [0, 1, 127] });
    if (r.code !== 0) missing.push(`${tool} (Debian package ${pkg})`);
  }
  if (missing.length > 0) {
    throw new PrerequisiteError(`missing tools: ${missing.join(', ')}`, {
      hint: 'install them with apt-get (local/apt-packages.txt lists them)',
    });
  }
}

export const SANDBOX_TOOLS = [
  ['ip', 'iproute2'],
  ['ss', 'iproute2'],
  ['sysctl', 'procps'],
  ['python3', 'python3'],
  ['/usr/sbin/sshd', 'openssh-server'],
  ['ssh-keygen', 'openssh-client'],
] as const;
