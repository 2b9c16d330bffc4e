// `ziem ui [--port 8080] [--host 127.0.0.1] [--open]`: wiring only; the server is cli/ui/ui.ts.
import { InvalidArgumentError, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { run } from '../ui/ui.js';

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('expected a port number between 0 and 65535');
  return n;
}

export function registerUi(program: Command, getContext: ContextFactory): Command {
  return program
    .command('ui')
    .description('serve the live network map (hosts, flows, alerts, incidents from Neo4j and Kafka) until Ctrl-C')
    .option('-p, --port <port>', 'port to listen on (default: ui.port, 8080)', port)
    .option('--host <host>', 'address to listen on (default: bindHost, 127.0.0.1); beyond loopback a token is required')
    .option('--open', 'open the map in the default browser')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem ui
  $ ziem ui --port 18080 --open
  $ ziem ui --host 0.0.0.0        # then open http://<machine>:8080/?token=$(cat .ziem/secrets/ui.token)

The page never receives the Neo4j password: the server queries Neo4j and answers with hosts, flows,
alerts and incidents only. Bound to a non-loopback address, every request must carry the token
generated into <stateDir>/secrets/ui.token (mode 0600); ziem never prints it.
Settings: ui.port, ui.internalCidrs (default: sandbox.cidr).`,
    )
    .action((o: { port?: number; host?: string; open?: boolean }) =>
      run(getContext(), {
        ...(o.port !== undefined ? { port: o.port } : {}),
        ...(o.host !== undefined ? { host: o.host } : {}),
        open: o.open ?? false,
      }),
    );
}
