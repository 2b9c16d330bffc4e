// Running the external tools the sandbox drives (ip, sshd, tshark, nmap...): one call that waits
// for exit and returns its output, or throws a SandboxError naming the command and its stderr tail.
import { spawn } from 'node:child_process';
import { SandboxError } from './errors.js';

export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunToolOptions {
  /** exit codes that are not failures (default [0]) */
  okCodes?: readonly number[];
  timeoutMs?: number;
  input?: string;
}

export function runTool(cmd: string, args: readonly string[], o: RunToolOptions = {}): Promise<ToolResult> {
  const okCodes = o.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // a wedged tool must not hang ziem: every call is bounded
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new SandboxError('TOOL_MISSING', `cannot run ${cmd}: ${err.message}`, {
          cause: err,
          hint: `install ${cmd} (see local/apt-packages.txt)`,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const c = code ?? 128;
      if (okCodes.includes(c)) return resolve({ code: c, stdout, stderr });
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(
        new SandboxError(
          'TOOL_FAILED',
          `${cmd} ${args.join(' ')} failed (${signal ? `signal ${signal}` : `exit ${c}`})${tail ? `: ${tail}` : ''}`,
        ),
      );
    });
    if (child.stdin) {
      // a tool may exit before reading its input; its exit code tells the story, not EPIPE
      child.stdin.on('error', () => undefined);
      child.stdin.end(o.input);
    }
  });
}

/** `ip netns exec <ns> <cmd...>`: the command runs inside a sandbox host's network namespace. */
export function inNs(ns: string, cmd: string, args: readonly string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', ns, cmd, ...args]];
}

export function runInNs(ns: string, cmd: string, args: readonly string[], o: RunToolOptions = {}): Promise<ToolResult> {
  const [c, a] = inNs(ns, cmd, args);
  return runTool(c, a, o);
}
