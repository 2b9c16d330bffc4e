// `ziem ksql serve`: wires the flags of the embedded engine's REST server into the `ksql` command
// group (registered by ksql.ts, which must come first in COMMANDS). Work happens in engine/server/serve.ts.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { InternalError } from '../../core/errors/ziem-error.js';
import { runServe, type ServeOptions } from '../ksql-engine/serve.js';

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('expected a port number between 0 and 65535');
  return n;
}

function bootstrap(v: string): string {
  if (!/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/.test(v))
    throw new InvalidArgumentError('expected host:port[,host:port…]');
  return v;
}

/** `--property k=v`, repeatable: collected into one map (a later value for the same key wins). */
function property(v: string, acc: Record<string, string> = {}): Record<string, string> {
  const eq = v.indexOf('=');
  const key = eq < 0 ? '' : v.slice(0, eq).trim();
  if (key === '' || /\s/.test(key))
    throw new InvalidArgumentError('expected key=value, e.g. ksql.functions.anomaly_score.url=http://127.0.0.1:8501');
  return { ...acc, [key]: v.slice(eq + 1) };
}

export function registerKsqlServe(program: Command, getContext: ContextFactory): Command {
  const ksql = program.commands.find((c) => c.name() === 'ksql');
  if (!ksql) throw new InternalError('registerKsqlServe must be registered after the ksql command group');
  ksql
    .command('serve')
    .description("serve ksqlDB's REST API from the embedded engine (in-memory or Kafka topics) until Ctrl-C")
    .option('-p, --port <port>', 'port to listen on (default: the port of ksql.url, 8088)', port)
    .option('--host <host>', 'address to listen on (default: the host of ksql.url, 127.0.0.1)')
    .addOption(
      new Option(
        '--driver <driver>',
        'where topics live (default: ksql.engineDriver, memory; kafka when --kafka is given)',
      ).choices(['memory', 'kafka']),
    )
    .option(
      '--kafka <bootstrap>',
      'run on the Kafka cluster at host:port (default with --driver kafka: kafka.bootstrap)',
      bootstrap,
    )
    .option(
      '--property <key=value>',
      'server property, repeatable: engine properties and remote functions (ksql.functions.<name>.url, .model, .timeout.ms, .token)',
      property,
    )
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate chain (default: ksql.serverCertFile)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert (default: ksql.serverKeyFile)')
    .addHelpText(
      'after',
      `
Examples:
  $ ziem ksql serve
  $ ziem ksql serve --port 18088
  $ ziem ksql serve --kafka 127.0.0.1:9092
  $ ziem ksql serve --property ksql.functions.anomaly_score.url=http://127.0.0.1:8501 --property ksql.functions.anomaly_score.model=anomaly
  $ ZIEM_KSQL_ENGINE_DRIVER=kafka ziem ksql serve
  $ ziem ksql serve --tls-cert server.pem --tls-key server-key.pem
  $ curl -s -X POST localhost:8088/ksql -d '{"ksql":"SHOW STREAMS;"}'

With the in-memory driver, everything is gone when the server stops. With the Kafka driver, each
persistent query consumes in its own consumer group and commits after its outputs are acknowledged;
statements are kept in the topic _ziem-ksql-<ksql.serviceId>_command_topic and replayed on start.

The port speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge); with --tls-cert/--tls-key it speaks
HTTPS instead, offering ALPN h2 and http/1.1 (an encrypted key's passphrase: ZIEM_KSQL_SERVER_KEY_PASSWORD).

A remote function exists once its ksql.functions.<name>.url is set: <name>(features ARRAY<DOUBLE>)
returns DOUBLE by calling <url>/v1/models/<model>:predict (TensorFlow Serving REST; model default
anomaly, timeout.ms default 200); a timeout or error gives null and a processing-log entry. Without
a .token property, the bearer token is ZIEM_MODEL_TOKEN's. Only stateless queries over streams may call one.`,
    )
    .action(
      async (o: {
        port?: number;
        host?: string;
        driver?: 'memory' | 'kafka';
        kafka?: string;
        property?: Record<string, string>;
        tlsCert?: string;
        tlsKey?: string;
      }) => {
        const opts: ServeOptions = {
          ...(o.port !== undefined ? { port: o.port } : {}),
          ...(o.host !== undefined ? { host: o.host } : {}),
          ...(o.driver !== undefined ? { driver: o.driver } : {}),
          ...(o.kafka !== undefined ? { kafka: o.kafka } : {}),
          ...(o.property !== undefined ? { properties: o.property } : {}),
          ...(o.tlsCert !== undefined ? { tlsCert: o.tlsCert } : {}),
          ...(o.tlsKey !== undefined ? { tlsKey: o.tlsKey } : {}),
        };
        await runServe(getContext(), opts);
      },
    );
  return ksql;
}
