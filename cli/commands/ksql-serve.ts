// `ziem ksql serve`: wires the flags of the embedded engine's REST server into the `ksql` command
// group (registered by ksql.ts, which must come first in COMMANDS). Work happens in engine/server/serve.ts.
import { InvalidArgumentError, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runServe } from '../../engine/server/serve.js';

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('expected a port number between 0 and 65535');
  return n;
}

export function registerKsqlServe(program: Command, getContext: ContextFactory): Command {
  const ksql = program.commands.find((c) => c.name() === 'ksql');
  if (!ksql) throw new Error('registerKsqlServe must be registered after the ksql command group');
  ksql
    .command('serve')
    .description("serve ksqlDB's REST API from the embedded engine (in-memory topics) until Ctrl-C")
    .option('-p, --port <port>', 'port to listen on (default: the port of ksql.url, 8088)', port)
    .option('--host <host>', 'address to listen on (default: the host of ksql.url, 127.0.0.1)')
    .addHelpText('after', `
Examples:
  $ ziem ksql serve
  $ ziem ksql serve --port 18088
  $ curl -s -X POST localhost:8088/ksql -d '{"ksql":"SHOW STREAMS;"}'

Topics live in memory: everything is gone when the server stops.`)
    .action(async (o: { port?: number; host?: string }) => {
      await runServe(getContext(), { ...(o.port !== undefined ? { port: o.port } : {}), ...(o.host !== undefined ? { host: o.host } : {}) });
    });
  return ksql;
}
