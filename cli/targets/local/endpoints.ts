// Where the local deployment's services answer: the configured loopback ports of cli/stack's
// processes and the model server.
import type { Context } from '../../context.js';
import type { Endpoints } from '../target.js';

export function localEndpoints(ctx: Context): Endpoints {
  return {
    kafkaBootstrap: ctx.config.kafka.bootstrap,
    ksqlUrl: ctx.config.ksql.url,
    connectUrl: ctx.config.connect.url,
    neo4jBoltUrl: ctx.config.neo4j.url,
    modelServerUrl: `http://${ctx.config.bindHost}:${ctx.config.modelServer.port}`,
  };
}
