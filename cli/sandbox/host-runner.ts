// Where an attack-sim scenario's tools run. A scenario never spawns a host's command itself: it asks
// the runner, so the same scenario runs in a network namespace (local target), in a sandbox
// container (compose) or on a sandbox VM over IAP SSH (gcp). Each target supplies its runner.
import type { SandboxHost, SandboxLayout } from './layout.js';
import { runTool, type RunToolOptions, type ToolResult } from './run-tool.js';

export interface HostRunner {
  /** for messages: "netns", "compose", "gcp" */
  readonly kind: string;
  /** the argv that runs `cmd args` on `host` (for callers that spawn and stream themselves) */
  argv(host: SandboxHost, cmd: string, args: readonly string[]): [string, string[]];
  /** runs `cmd args` on `host` and waits for it, as runTool does */
  run(host: SandboxHost, cmd: string, args: readonly string[], o?: RunToolOptions): Promise<ToolResult>;
}

/** A runner from an argv wrapper: what every target's runner is. */
export function runnerFrom(kind: string, argv: HostRunner['argv']): HostRunner {
  return {
    kind,
    argv,
    run: (host, cmd, args, o = {}) => {
      const [c, a] = argv(host, cmd, args);
      return runTool(c, a, o);
    },
  };
}

/** The local target's hosts are network namespaces: `ip netns exec <ns> cmd args`. */
export const netnsRunner: HostRunner = runnerFrom('netns', (host, cmd, args) => [
  'ip',
  ['netns', 'exec', host.ns, cmd, ...args],
]);

/** A target's sandbox as attack-sim uses it: its hosts and how to run a tool on one. */
export interface TargetSandbox {
  readonly layout: SandboxLayout;
  readonly runner: HostRunner;
}
